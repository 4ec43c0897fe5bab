# A container image with `handbook` and nothing else it does not need:
#   docker build -t handbook .
#   docker run --rm -v "$PWD:/work" handbook build .
#   docker run --rm -p 3000:3000 -v "$PWD:/work" handbook serve . --bind 0.0.0.0
FROM rust:1.89-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked \
    && cp target/release/handbook /usr/local/bin/handbook

FROM debian:bookworm-slim
COPY --from=build /usr/local/bin/handbook /usr/local/bin/handbook
RUN useradd --create-home --uid 1000 handbook
USER 1000:1000
WORKDIR /work
EXPOSE 3000
ENTRYPOINT ["handbook"]
CMD ["--help"]
