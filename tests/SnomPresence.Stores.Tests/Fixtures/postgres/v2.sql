-- PostgreSQL store, schema version 2 (pg_dump --inserts --column-inserts --no-owner --no-privileges): the data the release with schema version 3 left (the same steps through its admin API and phone routes) in the tables and columns of version 2.
--
-- PostgreSQL database dump
--

\restrict PGyYsVI4geJ3lBODItE8tcym3eKVlW2AkciYa5qlBTYLd1vee2SapJHMSGCMbFm

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
    language text
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
    updated_at bigint NOT NULL
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
    attempts integer DEFAULT 0 NOT NULL
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
-- Data for Name: data_protection_keys; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: extensions; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.extensions (ext, status, since, source, expires_at, version, forwarding, queue, language) VALUES ('202', 'lunch', 1796026104323, 'admin', 2082803400000, 2, '{"available":{"noAnswer":{"internal":{"kind":"voicemail"},"external":{"kind":"voicemail"}},"busy":{"internal":{"kind":"voicemail"},"external":{"kind":"voicemail"}},"notRegistered":{"internal":{"kind":"voicemail"},"external":{"kind":"voicemail"}}},"away":{"away":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}},"dnd":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}},"lunch":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}},"business-trip":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}}}}', false, NULL);
INSERT INTO public.extensions (ext, status, since, source, expires_at, version, forwarding, queue, language) VALUES ('201', 'dnd', 1796026104718, 'phone', NULL, 6, '{"available":{"noAnswer":{"internal":{"kind":"extension","number":"202"},"external":{"kind":"voicemail"}},"busy":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}},"notRegistered":{"internal":{"kind":"voicemail"},"external":{"kind":"external","number":"\u002B4930123456"}}},"away":{"away":{"internal":{"kind":"busy"},"external":{"kind":"external","number":"\u002B4917012345678"}},"dnd":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}},"lunch":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}},"business-trip":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}}}}', true, 'en');
INSERT INTO public.extensions (ext, status, since, source, expires_at, version, forwarding, queue, language) VALUES ('203', 'dnd', 1796026104809, 'phone', NULL, 4, '{"available":{"noAnswer":{"internal":{"kind":"voicemail"},"external":{"kind":"voicemail"}},"busy":{"internal":{"kind":"voicemail"},"external":{"kind":"voicemail"}},"notRegistered":{"internal":{"kind":"voicemail"},"external":{"kind":"voicemail"}}},"away":{"away":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}},"dnd":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}},"lunch":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}},"business-trip":{"internal":{"kind":"busy"},"external":{"kind":"voicemail"}}}}', false, NULL);


--
-- Data for Name: history; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.history (ext, version, at, kind, status, expires_at, source, origin) VALUES ('201', 1, 1796026103650, 'created', 'available', NULL, 'admin', 'api');
INSERT INTO public.history (ext, version, at, kind, status, expires_at, source, origin) VALUES ('202', 1, 1796026103915, 'created', 'available', NULL, 'admin', 'api');
INSERT INTO public.history (ext, version, at, kind, status, expires_at, source, origin) VALUES ('203', 1, 1796026103953, 'created', 'available', NULL, 'admin', 'api');
INSERT INTO public.history (ext, version, at, kind, status, expires_at, source, origin) VALUES ('201', 2, 1796026104027, 'forwarding', 'available', NULL, 'admin', 'api');
INSERT INTO public.history (ext, version, at, kind, status, expires_at, source, origin) VALUES ('201', 3, 1796026104096, 'forwarding', 'available', NULL, 'admin', 'api');
INSERT INTO public.history (ext, version, at, kind, status, expires_at, source, origin) VALUES ('201', 4, 1796026104123, 'queue', 'available', NULL, 'admin', 'api');
INSERT INTO public.history (ext, version, at, kind, status, expires_at, source, origin) VALUES ('201', 5, 1796026104243, 'settings', 'available', NULL, 'admin', 'api');
INSERT INTO public.history (ext, version, at, kind, status, expires_at, source, origin) VALUES ('202', 2, 1796026104323, 'status', 'lunch', 2082803400000, 'admin', 'api');
INSERT INTO public.history (ext, version, at, kind, status, expires_at, source, origin) VALUES ('203', 2, 1796026104350, 'status', 'business-trip', NULL, 'admin', 'api');
INSERT INTO public.history (ext, version, at, kind, status, expires_at, source, origin) VALUES ('201', 6, 1796026104718, 'status', 'dnd', NULL, 'phone', '000413A11FA7');
INSERT INTO public.history (ext, version, at, kind, status, expires_at, source, origin) VALUES ('203', 3, 1796026104768, 'status', 'available', NULL, 'phone', '000413000002');
INSERT INTO public.history (ext, version, at, kind, status, expires_at, source, origin) VALUES ('203', 4, 1796026104809, 'status', 'dnd', NULL, 'phone', '000413000002');


--
-- Data for Name: inventory; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.inventory (mac, model, extensions, display_name, language, web_user, web_password, token, previous_token, previous_valid_until, updated_at) VALUES ('000413000002', 'D120', '203', 'Lager', NULL, NULL, NULL, '6w6XksLfGv0rNOxdjh7CggQrbPa5nO4J', NULL, NULL, 1796026104537);
INSERT INTO public.inventory (mac, model, extensions, display_name, language, web_user, web_password, token, previous_token, previous_valid_until, updated_at) VALUES ('000413A11FA7', 'D785', '201 202', 'Empfang', 'de', 'admin', 'phone-web-secret', 'V4gKQmf_n_12rGqQ2iehMQk60QsBtWt3', 'YX--slaIMuvlTxs5GTiURirkN7a3fAjF', 1796198904607, 1796026104607);


--
-- Data for Name: leases; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: pbx_outbox; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.pbx_outbox (ext, version, changes, queued_at, attempts) VALUES ('202', 2, 1, 1796026104323, 0);
INSERT INTO public.pbx_outbox (ext, version, changes, queued_at, attempts) VALUES ('201', 6, 7, 1796026104027, 0);
INSERT INTO public.pbx_outbox (ext, version, changes, queued_at, attempts) VALUES ('203', 4, 1, 1796026104350, 0);


--
-- Data for Name: phones; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.phones (id, ext, mac, address, seen_at) VALUES ('000413A11FA7', '201', '000413A11FA7', '127.0.0.1', 1796026104712);
INSERT INTO public.phones (id, ext, mac, address, seen_at) VALUES ('000413000002', '203', '000413000002', '127.0.0.1', 1796026104762);


--
-- Data for Name: schema_version; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.schema_version (version) VALUES (1);
INSERT INTO public.schema_version (version) VALUES (2);


--
-- Name: data_protection_keys_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.data_protection_keys_id_seq', 1, false);


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
-- Name: pbx_outbox_queued; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX pbx_outbox_queued ON public.pbx_outbox USING btree (queued_at);


--
-- Name: phones_ext; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX phones_ext ON public.phones USING btree (ext);


--
-- PostgreSQL database dump complete
--

\unrestrict PGyYsVI4geJ3lBODItE8tcym3eKVlW2AkciYa5qlBTYLd1vee2SapJHMSGCMbFm

