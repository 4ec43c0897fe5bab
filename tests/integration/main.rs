//! The one integration-test binary (ripgrep's layout): each module drives the library or the
//! `handbook` binary over a temporary copy of a fixture.

// The search index: what is in it, what is not, and its filters.
mod search;
