//! The store's evidence side: filing a document with a part, its bytes written to disk
//! before the write transaction begins (see [`crate::queries::evidence`]).

use std::path::Path;

use super::Store;
use crate::error::Result;
use crate::queries::updates;
use crate::Ctx;

impl Store {
    /// Files an evidence document under `root`: the row and the file, or neither (the file
    /// is in place before the commit and removed if the commit fails; see `queries::evidence`).
    pub fn attach_evidence(&mut self, ctx: &Ctx, root: &Path, id: i64, file_name: &str, bytes: &[u8]) -> Result<updates::Evidence> {
        let (row, placed) = self.write(|tx| updates::attach_evidence(tx, ctx, root, id, file_name, bytes))?;
        placed.keep();
        Ok(row)
    }

    /// Ticks a part off and files its evidence in one transaction: all of it or nothing,
    /// no file left on disk when anything fails.
    pub fn complete_with_evidence(
        &mut self,
        ctx: &Ctx,
        root: &Path,
        id: i64,
        c: &crate::rules::part::Completion,
        files: &[updates::NewEvidence],
    ) -> Result<Vec<updates::Evidence>> {
        let (rows, placed) = self.write(|tx| crate::rules::part::complete_with_evidence(tx, ctx, root, id, c, files))?;
        placed.into_iter().for_each(updates::PlacedFile::keep);
        Ok(rows)
    }

    /// Writes an evidence file's bytes to a temporary file under `root`, with no connection
    /// and no lock: the window calls this before it takes the writer, then
    /// [`Store::file_evidence`] or [`Store::complete_with_staged`], so a write never waits
    /// for a 50 MB copy.
    pub fn stage_evidence(root: &Path, id: i64, file_name: &str, bytes: &[u8]) -> Result<updates::StagedEvidence> {
        crate::queries::evidence::stage(root, id, file_name, bytes)
    }

    /// Files staged evidence: the row and the file, or neither (as [`Store::attach_evidence`]).
    pub fn file_evidence(&mut self, ctx: &Ctx, staged: updates::StagedEvidence) -> Result<updates::Evidence> {
        let (row, placed) = self.write(|tx| crate::queries::evidence::file_staged(tx, ctx, staged))?;
        placed.keep();
        Ok(row)
    }

    /// Ticks a part off and files its staged evidence in one transaction (as
    /// [`Store::complete_with_evidence`]).
    pub fn complete_with_staged(
        &mut self,
        ctx: &Ctx,
        id: i64,
        c: &crate::rules::part::Completion,
        files: Vec<updates::StagedEvidence>,
    ) -> Result<Vec<updates::Evidence>> {
        let (rows, placed) = self.write(|tx| crate::rules::part::complete_with_staged(tx, ctx, id, c, files))?;
        placed.into_iter().for_each(updates::PlacedFile::keep);
        Ok(rows)
    }
}
