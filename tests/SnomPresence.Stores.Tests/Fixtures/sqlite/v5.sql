-- SQLite store, schema version 5: the data the release with schema version 7 left (the same steps through its admin API and phone routes) in the tables and columns of version 5.
PRAGMA user_version=5;
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE extensions (
            ext         TEXT    NOT NULL PRIMARY KEY,
            status      TEXT    NOT NULL,
            since       INTEGER NOT NULL,
            source      TEXT    NOT NULL,
            expires_at  INTEGER NULL,
            version     INTEGER NOT NULL,
            forwarding  TEXT    NOT NULL
        , queue INTEGER NOT NULL DEFAULT 0, language TEXT NULL) WITHOUT ROWID;
INSERT INTO extensions VALUES('201','dnd',1796026095647,'phone',NULL,6,'{"available":{"noAnswer":{"internal":{"kind":"extension","number":"202"},"external":{"kind":"voicemail"}},"busy":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}},"notRegistered":{"internal":{"kind":"voicemail"},"external":{"kind":"external","number":"\u002B4930123456"}}},"away":{"away":{"internal":{"kind":"busy"},"external":{"kind":"external","number":"\u002B4917012345678"}},"dnd":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}},"lunch":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}},"business-trip":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}}}}',1,'en');
INSERT INTO extensions VALUES('202','lunch',1796026095133,'admin',2082803400000,2,'{"available":{"noAnswer":{"internal":{"kind":"voicemail"},"external":{"kind":"voicemail"}},"busy":{"internal":{"kind":"voicemail"},"external":{"kind":"voicemail"}},"notRegistered":{"internal":{"kind":"voicemail"},"external":{"kind":"voicemail"}}},"away":{"away":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}},"dnd":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}},"lunch":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}},"business-trip":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}}}}',0,NULL);
INSERT INTO extensions VALUES('203','dnd',1796026095793,'phone',NULL,4,'{"available":{"noAnswer":{"internal":{"kind":"voicemail"},"external":{"kind":"voicemail"}},"busy":{"internal":{"kind":"voicemail"},"external":{"kind":"voicemail"}},"notRegistered":{"internal":{"kind":"voicemail"},"external":{"kind":"voicemail"}}},"away":{"away":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}},"dnd":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}},"lunch":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}},"business-trip":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}}}}',0,NULL);
CREATE TABLE history (
            ext         TEXT    NOT NULL,
            version     INTEGER NOT NULL,
            at          INTEGER NOT NULL,
            kind        TEXT    NOT NULL,
            status      TEXT    NOT NULL,
            expires_at  INTEGER NULL,
            source      TEXT    NOT NULL,
            origin      TEXT    NULL,
            PRIMARY KEY (ext, version)
        ) WITHOUT ROWID;
INSERT INTO history VALUES('201',1,1796026094240,'created','available',NULL,'admin','api');
INSERT INTO history VALUES('201',2,1796026094817,'forwarding','available',NULL,'admin','api');
INSERT INTO history VALUES('201',3,1796026094896,'forwarding','available',NULL,'admin','api');
INSERT INTO history VALUES('201',4,1796026094930,'queue','available',NULL,'admin','api');
INSERT INTO history VALUES('201',5,1796026095058,'settings','available',NULL,'admin','api');
INSERT INTO history VALUES('201',6,1796026095647,'status','dnd',NULL,'phone','000413A11FA7');
INSERT INTO history VALUES('202',1,1796026094685,'created','available',NULL,'admin','api');
INSERT INTO history VALUES('202',2,1796026095133,'status','lunch',2082803400000,'admin','api');
INSERT INTO history VALUES('203',1,1796026094724,'created','available',NULL,'admin','api');
INSERT INTO history VALUES('203',2,1796026095165,'status','business-trip',NULL,'admin','api');
INSERT INTO history VALUES('203',3,1796026095752,'status','available',NULL,'phone','000413000002');
INSERT INTO history VALUES('203',4,1796026095793,'status','dnd',NULL,'phone','000413000002');
CREATE TABLE pbx_outbox (
            ext         TEXT    NOT NULL PRIMARY KEY,
            version     INTEGER NOT NULL,
            changes     INTEGER NOT NULL,
            queued_at   INTEGER NOT NULL,
            attempts    INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID;
INSERT INTO pbx_outbox VALUES('201',6,7,1796026094817,0);
INSERT INTO pbx_outbox VALUES('202',2,1,1796026095133,0);
INSERT INTO pbx_outbox VALUES('203',4,1,1796026095165,0);
CREATE TABLE phones (
            id          TEXT    NOT NULL PRIMARY KEY,
            ext         TEXT    NOT NULL,
            mac         TEXT    NULL,
            address     TEXT    NOT NULL,
            seen_at     INTEGER NOT NULL
        ) WITHOUT ROWID;
INSERT INTO phones VALUES('000413000002','203','000413000002','127.0.0.1',1796026095748);
INSERT INTO phones VALUES('000413A11FA7','201','000413A11FA7','127.0.0.1',1796026095624);
CREATE INDEX extensions_expiry ON extensions (expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX pbx_outbox_queued ON pbx_outbox (queued_at);
CREATE INDEX phones_ext ON phones (ext);
COMMIT;
