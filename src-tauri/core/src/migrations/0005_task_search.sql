-- Version 5: diacritic-insensitive search over task titles. The folded text (đ → d
-- included) is written by Rust; FTS5 then answers word-prefix queries from an index
-- instead of scanning every title.
CREATE VIRTUAL TABLE task_search USING fts5(folded, tokenize = 'unicode61');
