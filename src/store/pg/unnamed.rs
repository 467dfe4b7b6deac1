//! Reads as unnamed statements: the statement, its parameters' types and their values in one
//! message sequence and one round trip (`query_typed`), never a named prepared statement.
//!
//! Why: a named statement is prepared in one exchange with the server and run in the next, and
//! a connection pooler in transaction mode (PgBouncer's `pool_mode = transaction`, before its
//! protocol-level support for prepared statements in 1.21) may hand those two exchanges to two
//! different server connections when they are not inside one transaction: the second then
//! fails with "prepared statement … does not exist". Inside a transaction the pooler keeps one
//! server connection, so writes may prepare; reads outside one go through here. It also saves
//! the round trip of preparing on every read.
//!
//! The parameters' types are found from the values themselves (each value's `ToSql` says which
//! server types it accepts), trying [`CANDIDATES`] in order: the Rust types the store passes
//! (`i64`, `i32`, text, `bool`, bytes, `f64`, and arrays of them) each accept exactly one of
//! them first.

use bytes::BytesMut;
use postgres::types::{ToSql, Type};
use postgres::{GenericClient, Row};

/// The server types a parameter may be, in the order they are tried.
const CANDIDATES: &[Type] = &[
    Type::INT8,
    Type::INT4,
    Type::TEXT,
    Type::BOOL,
    Type::BYTEA,
    Type::FLOAT8,
    Type::INT8_ARRAY,
    Type::INT4_ARRAY,
    Type::TEXT_ARRAY,
    Type::BYTEA_ARRAY,
    Type::TS_VECTOR,
];

/// The first of [`CANDIDATES`] that `value` accepts; `None` when it accepts none of them.
fn type_of(value: &(dyn ToSql + Sync)) -> Option<Type> {
    let mut scratch = BytesMut::new();
    CANDIDATES
        .iter()
        .find(|ty| {
            scratch.clear();
            // A type the value does not accept is refused before anything is encoded.
            value.to_sql_checked(ty, &mut scratch).is_ok()
        })
        .cloned()
}

/// Each parameter with its type; a parameter of no known type is sent as `unknown` (the
/// server then infers it, as a prepared statement would).
fn typed<'a>(params: &[&'a (dyn ToSql + Sync)]) -> Vec<(&'a (dyn ToSql + Sync), Type)> {
    params
        .iter()
        .map(|&p| (p, type_of(p).unwrap_or(Type::UNKNOWN)))
        .collect()
}

/// `query`, `query_opt` and `query_one` as unnamed statements (see the module docs).
pub(crate) trait Unnamed {
    fn read(
        &mut self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Row>, postgres::Error>;

    fn read_opt(
        &mut self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<Row>, postgres::Error>;

    fn read_one(
        &mut self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Row, postgres::Error>;
}

impl<C: GenericClient> Unnamed for C {
    fn read(
        &mut self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Row>, postgres::Error> {
        self.query_typed(sql, &typed(params))
    }

    fn read_opt(
        &mut self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<Row>, postgres::Error> {
        self.query_typed_opt(sql, &typed(params))
    }

    fn read_one(
        &mut self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Row, postgres::Error> {
        self.query_typed_one(sql, &typed(params))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_rust_type_finds_its_server_type() {
        let s: &str = "x";
        let owned = String::from("y");
        let bytes: &[u8] = b"z";
        let none: Option<i64> = None;
        let ids: Vec<i64> = vec![1, 2];
        let names: Vec<&str> = vec!["a"];
        let hashes: Vec<&[u8]> = vec![b"h"];
        let cases: [(&(dyn ToSql + Sync), Type); 10] = [
            (&7i64, Type::INT8),
            (&7i32, Type::INT4),
            (&s, Type::TEXT),
            (&owned, Type::TEXT),
            (&true, Type::BOOL),
            (&bytes, Type::BYTEA),
            (&none, Type::INT8),
            (&ids, Type::INT8_ARRAY),
            (&names, Type::TEXT_ARRAY),
            (&hashes, Type::BYTEA_ARRAY),
        ];
        for (i, (value, want)) in cases.iter().enumerate() {
            assert_eq!(type_of(*value), Some(want.clone()), "case {i}");
        }
        assert_eq!(type_of(&1.5f64), Some(Type::FLOAT8));
    }
}
