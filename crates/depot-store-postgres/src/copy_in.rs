//! Rows sent with binary `COPY … FROM STDIN`, encoded here and handed to the connection a
//! large chunk at a time.
//!
//! The `postgres` crate's `BinaryCopyInWriter` encodes the same format, but drives the
//! connection's runtime once a row and sends a message every 4 KB: on an import's million rows
//! that cost more client CPU than encoding them. The bytes on the wire are the same: each
//! value encoded by its `ToSql` for the column's type, in the format's framing.

use std::io::Write;

use postgres::CopyInWriter;
use postgres::types::private::BytesMut;
use postgres::types::{IsNull, ToSql, Type};

use depot_store::StoreError;

use crate::query::Fail;

/// The binary format's signature, then its flags and the length of its header extension.
const HEADER: &[u8] = b"PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0";

/// How many bytes are gathered before they are handed to the connection.
const CHUNK: usize = 256 * 1024;

/// A `COPY … FROM STDIN (FORMAT binary)` in progress, for rows of `types`.
pub struct CopyIn<'a> {
    sink: CopyInWriter<'a>,
    types: &'a [Type],
    buf: BytesMut,
}

impl<'a> CopyIn<'a> {
    pub fn new(sink: CopyInWriter<'a>, types: &'a [Type]) -> Self {
        let mut buf = BytesMut::with_capacity(CHUNK + 4096);
        buf.extend_from_slice(HEADER);
        CopyIn { sink, types, buf }
    }

    /// Adds a row, its values in the order of `types`.
    pub fn write(&mut self, values: &[&(dyn ToSql + Sync)]) -> Result<(), Fail> {
        debug_assert_eq!(values.len(), self.types.len());
        let fields = i16::try_from(self.types.len()).unwrap_or(i16::MAX);
        self.buf.extend_from_slice(&fields.to_be_bytes());
        for (value, ty) in values.iter().zip(self.types) {
            let at = self.buf.len();
            self.buf.extend_from_slice(&[0; 4]);
            let len = match value.to_sql_checked(ty, &mut self.buf) {
                Ok(IsNull::Yes) => -1,
                Ok(IsNull::No) => i32::try_from(self.buf.len() - at - 4)
                    .map_err(|_| StoreError::Db(format!("a {ty} value too long for PostgreSQL")))?,
                Err(e) => return Err(StoreError::Db(format!("a {ty} value: {e}")).into()),
            };
            self.buf[at..at + 4].copy_from_slice(&len.to_be_bytes());
        }
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(())
    }

    /// Sends what is gathered, ends the copy and waits for the server to take it.
    pub fn finish(mut self) -> Result<u64, Fail> {
        self.buf.extend_from_slice(&(-1i16).to_be_bytes());
        self.send()?;
        Ok(self.sink.finish()?)
    }

    fn send(&mut self) -> Result<(), Fail> {
        self.sink.write_all(&self.buf).map_err(fail)?;
        self.buf.clear();
        Ok(())
    }
}

/// The connection's error behind the writer's I/O error.
fn fail(e: std::io::Error) -> Fail {
    match e.into_inner().map(|e| e.downcast::<postgres::Error>()) {
        Some(Ok(pg)) => Fail::Pg(*pg),
        Some(Err(other)) => StoreError::Db(other.to_string()).into(),
        None => StoreError::Db("the copy to PostgreSQL failed".to_owned()).into(),
    }
}
