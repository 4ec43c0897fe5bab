//! Parser tests for every format, with short inline records.
