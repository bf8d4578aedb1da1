-- SQLite store, schema version 9: sqlite/v8.sql migrated to 9 (colleague groups and favourites), with a group and favourites set through the admin API.
PRAGMA user_version=9;
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
, queue INTEGER NOT NULL DEFAULT 0, language TEXT NULL, name TEXT NULL, name_source TEXT NULL) WITHOUT ROWID;
INSERT INTO extensions VALUES('201','dnd',1796025986510,'phone',NULL,6,'{"statuses":{"available":{"route":"ring-first","slots":{"no-answer-internal":{"kind":"extension","number":"202"},"no-answer-external":{"kind":"voicemail"},"busy-internal":{"kind":"busy"},"busy-external":{"kind":"voicemail"},"not-registered-internal":{"kind":"voicemail"},"not-registered-external":{"kind":"external","number":"\u002B4930123456"}}},"away":{"route":"immediate","slots":{"internal":{"kind":"busy"},"external":{"kind":"external","number":"\u002B4917012345678"}}},"dnd":{"route":"immediate","slots":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}}},"lunch":{"route":"immediate","slots":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}}},"business-trip":{"route":"immediate","slots":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}}}}}',1,'en',NULL,NULL);
INSERT INTO extensions VALUES('202','lunch',1796025985156,'admin',2082803400000,2,'{"statuses":{"available":{"route":"ring-first","slots":{"no-answer-internal":{"kind":"voicemail"},"no-answer-external":{"kind":"voicemail"},"busy-internal":{"kind":"voicemail"},"busy-external":{"kind":"voicemail"},"not-registered-internal":{"kind":"voicemail"},"not-registered-external":{"kind":"voicemail"}}},"away":{"route":"immediate","slots":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}}},"dnd":{"route":"immediate","slots":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}}},"lunch":{"route":"immediate","slots":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}}},"business-trip":{"route":"immediate","slots":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}}}}}',0,NULL,NULL,NULL);
INSERT INTO extensions VALUES('203','dnd',1796025986962,'phone',NULL,4,'{"statuses":{"available":{"route":"ring-first","slots":{"no-answer-internal":{"kind":"voicemail"},"no-answer-external":{"kind":"voicemail"},"busy-internal":{"kind":"voicemail"},"busy-external":{"kind":"voicemail"},"not-registered-internal":{"kind":"voicemail"},"not-registered-external":{"kind":"voicemail"}}},"away":{"route":"immediate","slots":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}}},"dnd":{"route":"immediate","slots":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}}},"lunch":{"route":"immediate","slots":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}}},"business-trip":{"route":"immediate","slots":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}}}}}',0,NULL,NULL,NULL);
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
INSERT INTO history VALUES('201',1,1796025981345,'created','available',NULL,'admin','api');
INSERT INTO history VALUES('201',2,1796025983949,'forwarding','available',NULL,'admin','api');
INSERT INTO history VALUES('201',3,1796025984154,'forwarding','available',NULL,'admin','api');
INSERT INTO history VALUES('201',4,1796025984339,'queue','available',NULL,'admin','api');
INSERT INTO history VALUES('201',5,1796025984896,'settings','available',NULL,'admin','api');
INSERT INTO history VALUES('201',6,1796025986510,'status','dnd',NULL,'phone','000413A11FA7');
INSERT INTO history VALUES('202',1,1796025983539,'created','available',NULL,'admin','api');
INSERT INTO history VALUES('202',2,1796025985156,'status','lunch',2082803400000,'admin','api');
INSERT INTO history VALUES('203',1,1796025983614,'created','available',NULL,'admin','api');
INSERT INTO history VALUES('203',2,1796025985237,'status','business-trip',NULL,'admin','api');
INSERT INTO history VALUES('203',3,1796025986853,'status','available',NULL,'phone','000413000002');
INSERT INTO history VALUES('203',4,1796025986962,'status','dnd',NULL,'phone','000413000002');
CREATE TABLE pbx_outbox (
    ext         TEXT    NOT NULL PRIMARY KEY,
    version     INTEGER NOT NULL,
    changes     INTEGER NOT NULL,
    queued_at   INTEGER NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0
, slots INTEGER NOT NULL DEFAULT 0, parked_reason TEXT NULL, parked_at INTEGER NULL) WITHOUT ROWID;
INSERT INTO pbx_outbox VALUES('201',6,7,1796025983949,0,660,NULL,NULL);
INSERT INTO pbx_outbox VALUES('202',2,1,1796025985156,0,0,NULL,NULL);
INSERT INTO pbx_outbox VALUES('203',4,1,1796025985237,0,0,NULL,NULL);
CREATE TABLE phones (
    id          TEXT    NOT NULL PRIMARY KEY,
    ext         TEXT    NOT NULL,
    mac         TEXT    NULL,
    address     TEXT    NOT NULL,
    seen_at     INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO phones VALUES('000413000002','203','000413000002','127.0.0.1',1796025986837);
INSERT INTO phones VALUES('000413A11FA7','201','000413A11FA7','127.0.0.1',1796025986476);
CREATE TABLE inventory (
    mac                  TEXT    NOT NULL PRIMARY KEY,
    model                TEXT    NOT NULL,
    extensions           TEXT    NOT NULL,
    display_name         TEXT    NULL,
    language             TEXT    NULL,
    web_user             TEXT    NULL,
    web_password         TEXT    NULL,
    token                TEXT    NOT NULL,
    previous_token       TEXT    NULL,
    previous_valid_until INTEGER NULL,
    updated_at           INTEGER NOT NULL
, enrollment_until INTEGER NULL) WITHOUT ROWID;
INSERT INTO inventory VALUES('000413000002','D120','203','Lager',NULL,NULL,NULL,'IJVulF8f5aAmSgvLTQqGk1XSOIIOaSEt',NULL,NULL,1796025985808,1796630785808);
INSERT INTO inventory VALUES('000413A11FA7','D785','201 202','Empfang','de','admin','phone-web-secret','pcm5RKRP_yTdhR_Rs3RJ0XcjUY3nNMZB','cFunU7PwbZxdvwlnoYaAIc7Vz2J-iAK2',1796198786040,1796025986040,1796630786040);
CREATE TABLE admin_sessions (
    id          TEXT    NOT NULL PRIMARY KEY,
    expires_at  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX extensions_expiry ON extensions (expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX pbx_outbox_queued ON pbx_outbox (queued_at);
CREATE INDEX phones_ext ON phones (ext);
CREATE INDEX history_at ON history (at);
CREATE TABLE colleague_groups (
    id          TEXT    NOT NULL PRIMARY KEY,
    name        TEXT    NOT NULL,
    source      TEXT    NOT NULL,
    members     TEXT    NOT NULL
) WITHOUT ROWID;
INSERT INTO colleague_groups VALUES('vertrieb','Vertrieb & Lager','admin','202 201 203');
CREATE TABLE favourites (
    ext         TEXT    NOT NULL PRIMARY KEY,
    favourites  TEXT    NOT NULL
) WITHOUT ROWID;
INSERT INTO favourites VALUES('201','203 202');
COMMIT;
