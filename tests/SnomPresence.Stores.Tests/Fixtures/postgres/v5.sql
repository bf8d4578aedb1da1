-- PostgreSQL store, schema version 5: postgres/v4.sql migrated to 5 (colleague groups and favourites), with a group and favourites set through the admin API.
--
-- PostgreSQL database dump
--

\restrict yFFbcthbMYjiZnKdoB3zVP1d6sNkIlj0MsNcDdTwx37AifULm226T052BCn0cSB

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: admin_sessions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.admin_sessions (
    id text NOT NULL,
    expires_at bigint NOT NULL
);


--
-- Name: data_protection_keys; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.data_protection_keys (
    id bigint NOT NULL,
    name text NOT NULL,
    xml text NOT NULL
);


--
-- Name: data_protection_keys_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.data_protection_keys ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.data_protection_keys_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: extensions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.extensions (
    ext text NOT NULL,
    status text NOT NULL,
    since bigint NOT NULL,
    source text NOT NULL,
    expires_at bigint,
    version bigint NOT NULL,
    forwarding text NOT NULL,
    queue boolean DEFAULT false NOT NULL,
    language text,
    name text,
    name_source text
);


--
-- Name: history; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.history (
    ext text NOT NULL,
    version bigint NOT NULL,
    at bigint NOT NULL,
    kind text NOT NULL,
    status text NOT NULL,
    expires_at bigint,
    source text NOT NULL,
    origin text
);


--
-- Name: inventory; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.inventory (
    mac text NOT NULL,
    model text NOT NULL,
    extensions text NOT NULL,
    display_name text,
    language text,
    web_user text,
    web_password text,
    token text NOT NULL,
    previous_token text,
    previous_valid_until bigint,
    updated_at bigint NOT NULL,
    enrollment_until bigint
);


--
-- Name: leases; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.leases (
    name text NOT NULL,
    owner text NOT NULL,
    until timestamp with time zone NOT NULL
);


--
-- Name: pbx_outbox; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.pbx_outbox (
    ext text NOT NULL,
    version bigint NOT NULL,
    changes integer NOT NULL,
    queued_at bigint NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    slots bigint DEFAULT 0 NOT NULL,
    parked_reason text,
    parked_at bigint
);


--
-- Name: phones; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.phones (
    id text NOT NULL,
    ext text NOT NULL,
    mac text,
    address text NOT NULL,
    seen_at bigint NOT NULL
);


--
-- Name: schema_version; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schema_version (
    version integer NOT NULL
);


--
-- Data for Name: admin_sessions; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: data_protection_keys; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: extensions; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.extensions (ext, status, since, source, expires_at, version, forwarding, queue, language, name, name_source) VALUES ('201', 'dnd', 1796026016667, 'phone', NULL, 6, '{"statuses":{"available":{"route":"ring-first","slots":{"no-answer-internal":{"kind":"extension","number":"202"},"no-answer-external":{"kind":"voicemail"},"busy-internal":{"kind":"busy"},"busy-external":{"kind":"voicemail"},"not-registered-internal":{"kind":"voicemail"},"not-registered-external":{"kind":"external","number":"\u002B4930123456"}}},"away":{"route":"immediate","slots":{"internal":{"kind":"busy"},"external":{"kind":"external","number":"\u002B4917012345678"}}},"dnd":{"route":"immediate","slots":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}}},"lunch":{"route":"immediate","slots":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}}},"business-trip":{"route":"immediate","slots":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}}}}}', true, 'en', NULL, NULL);
INSERT INTO public.extensions (ext, status, since, source, expires_at, version, forwarding, queue, language, name, name_source) VALUES ('203', 'dnd', 1796026016940, 'phone', NULL, 4, '{"statuses":{"available":{"route":"ring-first","slots":{"no-answer-internal":{"kind":"voicemail"},"no-answer-external":{"kind":"voicemail"},"busy-internal":{"kind":"voicemail"},"busy-external":{"kind":"voicemail"},"not-registered-internal":{"kind":"voicemail"},"not-registered-external":{"kind":"voicemail"}}},"away":{"route":"immediate","slots":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}}},"dnd":{"route":"immediate","slots":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}}},"lunch":{"route":"immediate","slots":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}}},"business-trip":{"route":"immediate","slots":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}}}}}', false, NULL, NULL, NULL);
INSERT INTO public.extensions (ext, status, since, source, expires_at, version, forwarding, queue, language, name, name_source) VALUES ('202', 'lunch', 1796026015933, 'admin', 2082803400000, 2, '{"statuses":{"available":{"route":"ring-first","slots":{"no-answer-internal":{"kind":"voicemail"},"no-answer-external":{"kind":"voicemail"},"busy-internal":{"kind":"voicemail"},"busy-external":{"kind":"voicemail"},"not-registered-internal":{"kind":"voicemail"},"not-registered-external":{"kind":"voicemail"}}},"away":{"route":"immediate","slots":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}}},"dnd":{"route":"immediate","slots":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}}},"lunch":{"route":"immediate","slots":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}}},"business-trip":{"route":"immediate","slots":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}}}}}', false, NULL, NULL, NULL);


--
-- Data for Name: history; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.history (ext, version, at, kind, status, expires_at, source, origin) VALUES ('201', 1, 1796026013461, 'created', 'available', NULL, 'admin', 'api');
INSERT INTO public.history (ext, version, at, kind, status, expires_at, source, origin) VALUES ('202', 1, 1796026014672, 'created', 'available', NULL, 'admin', 'api');
INSERT INTO public.history (ext, version, at, kind, status, expires_at, source, origin) VALUES ('203', 1, 1796026014812, 'created', 'available', NULL, 'admin', 'api');
INSERT INTO public.history (ext, version, at, kind, status, expires_at, source, origin) VALUES ('201', 2, 1796026015249, 'forwarding', 'available', NULL, 'admin', 'api');
INSERT INTO public.history (ext, version, at, kind, status, expires_at, source, origin) VALUES ('201', 3, 1796026015465, 'forwarding', 'available', NULL, 'admin', 'api');
INSERT INTO public.history (ext, version, at, kind, status, expires_at, source, origin) VALUES ('201', 4, 1796026015577, 'queue', 'available', NULL, 'admin', 'api');
INSERT INTO public.history (ext, version, at, kind, status, expires_at, source, origin) VALUES ('201', 5, 1796026015783, 'settings', 'available', NULL, 'admin', 'api');
INSERT INTO public.history (ext, version, at, kind, status, expires_at, source, origin) VALUES ('202', 2, 1796026015933, 'status', 'lunch', 2082803400000, 'admin', 'api');
INSERT INTO public.history (ext, version, at, kind, status, expires_at, source, origin) VALUES ('203', 2, 1796026016041, 'status', 'business-trip', NULL, 'admin', 'api');
INSERT INTO public.history (ext, version, at, kind, status, expires_at, source, origin) VALUES ('201', 6, 1796026016667, 'status', 'dnd', NULL, 'phone', '000413A11FA7');
INSERT INTO public.history (ext, version, at, kind, status, expires_at, source, origin) VALUES ('203', 3, 1796026016861, 'status', 'available', NULL, 'phone', '000413000002');
INSERT INTO public.history (ext, version, at, kind, status, expires_at, source, origin) VALUES ('203', 4, 1796026016940, 'status', 'dnd', NULL, 'phone', '000413000002');


--
-- Data for Name: inventory; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.inventory (mac, model, extensions, display_name, language, web_user, web_password, token, previous_token, previous_valid_until, updated_at, enrollment_until) VALUES ('000413000002', 'D120', '203', 'Lager', NULL, NULL, NULL, 'MU0OML1oPcm6UYv7kSYCEvSa4NdOht9C', NULL, NULL, 1796026016324, 1796630816324);
INSERT INTO public.inventory (mac, model, extensions, display_name, language, web_user, web_password, token, previous_token, previous_valid_until, updated_at, enrollment_until) VALUES ('000413A11FA7', 'D785', '201 202', 'Empfang', 'de', 'admin', 'phone-web-secret', 'EjE8BFvLN23R6CFRwWhpaLoUN2hRjL_u', 'cx-1VTCQBae-fTBgju8Upa-mwBUaWDNj', 1796198816452, 1796026016452, 1796630816452);


--
-- Data for Name: leases; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: pbx_outbox; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.pbx_outbox (ext, version, changes, queued_at, attempts, slots, parked_reason, parked_at) VALUES ('202', 2, 1, 1796026015933, 0, 0, NULL, NULL);
INSERT INTO public.pbx_outbox (ext, version, changes, queued_at, attempts, slots, parked_reason, parked_at) VALUES ('201', 6, 7, 1796026015249, 0, 660, NULL, NULL);
INSERT INTO public.pbx_outbox (ext, version, changes, queued_at, attempts, slots, parked_reason, parked_at) VALUES ('203', 4, 1, 1796026016041, 0, 0, NULL, NULL);


--
-- Data for Name: phones; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.phones (id, ext, mac, address, seen_at) VALUES ('000413A11FA7', '201', '000413A11FA7', '127.0.0.1', 1796026016660);
INSERT INTO public.phones (id, ext, mac, address, seen_at) VALUES ('000413000002', '203', '000413000002', '127.0.0.1', 1796026016837);


--
-- Data for Name: schema_version; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.schema_version (version) VALUES (1);
INSERT INTO public.schema_version (version) VALUES (2);
INSERT INTO public.schema_version (version) VALUES (3);
INSERT INTO public.schema_version (version) VALUES (4);
INSERT INTO public.schema_version (version) VALUES (5);


--
-- Name: data_protection_keys_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.data_protection_keys_id_seq', 1, false);


--
-- Name: admin_sessions admin_sessions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.admin_sessions
    ADD CONSTRAINT admin_sessions_pkey PRIMARY KEY (id);


--
-- Name: data_protection_keys data_protection_keys_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.data_protection_keys
    ADD CONSTRAINT data_protection_keys_pkey PRIMARY KEY (id);


--
-- Name: extensions extensions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.extensions
    ADD CONSTRAINT extensions_pkey PRIMARY KEY (ext);


--
-- Name: history history_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.history
    ADD CONSTRAINT history_pkey PRIMARY KEY (ext, version);


--
-- Name: inventory inventory_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.inventory
    ADD CONSTRAINT inventory_pkey PRIMARY KEY (mac);


--
-- Name: leases leases_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.leases
    ADD CONSTRAINT leases_pkey PRIMARY KEY (name);


--
-- Name: pbx_outbox pbx_outbox_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.pbx_outbox
    ADD CONSTRAINT pbx_outbox_pkey PRIMARY KEY (ext);


--
-- Name: phones phones_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.phones
    ADD CONSTRAINT phones_pkey PRIMARY KEY (id);


--
-- Name: extensions_expiry; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX extensions_expiry ON public.extensions USING btree (expires_at) WHERE (expires_at IS NOT NULL);


--
-- Name: history_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX history_at ON public.history USING btree (at);


--
-- Name: pbx_outbox_queued; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX pbx_outbox_queued ON public.pbx_outbox USING btree (queued_at);


--
-- Name: phones_ext; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX phones_ext ON public.phones USING btree (ext);


--
-- Name: colleague_groups; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.colleague_groups (
    id text NOT NULL,
    name text NOT NULL,
    source text NOT NULL,
    members text NOT NULL
);

ALTER TABLE ONLY public.colleague_groups
    ADD CONSTRAINT colleague_groups_pkey PRIMARY KEY (id);

INSERT INTO public.colleague_groups (id, name, source, members) VALUES ('vertrieb', 'Vertrieb & Lager', 'admin', '202 201 203');

--
-- Name: favourites; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.favourites (
    ext text NOT NULL,
    favourites text NOT NULL
);

ALTER TABLE ONLY public.favourites
    ADD CONSTRAINT favourites_pkey PRIMARY KEY (ext);

INSERT INTO public.favourites (ext, favourites) VALUES ('201', '203 202');

--
-- PostgreSQL database dump complete
--

\unrestrict yFFbcthbMYjiZnKdoB3zVP1d6sNkIlj0MsNcDdTwx37AifULm226T052BCn0cSB

