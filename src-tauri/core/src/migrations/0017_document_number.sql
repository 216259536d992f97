-- Version 17: the numbers of the office's own documents (issue 19), starting with the
-- conclusion notice ("Số: 12/TB-UBND"). NĐ 30/2020 Điều 15: numbers restart at 01 on
-- 1 January and are unique within the year, per kind of document (its symbol). A number
-- once given is never given again: the row stays when its conference is deleted
-- (conference_id becomes NULL) or when the notice is issued again under another number.
CREATE TABLE IF NOT EXISTS document_number (
    year          INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2100),
    symbol        TEXT NOT NULL,               -- 'TB-UBND', 'TB-VP'
    number        INTEGER NOT NULL CHECK (number >= 1),
    conference_id INTEGER REFERENCES conference(id) ON DELETE SET NULL,
    issued_on     TEXT NOT NULL,               -- the document's date, YYYY-MM-DD
    created_at    TEXT NOT NULL,
    PRIMARY KEY (year, symbol, number)
) STRICT;
CREATE INDEX IF NOT EXISTS document_number_conference ON document_number(conference_id);
