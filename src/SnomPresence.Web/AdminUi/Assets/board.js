// The presence board: rows from /admin/board.json, kept current by the event stream, changed through the admin API.
(() => {
  const config = JSON.parse(document.getElementById('config').textContent);
  const body = document.querySelector('#board tbody');
  const search = document.getElementById('search');
  const statusFilter = document.getElementById('status-filter');
  const live = document.getElementById('live');
  const time = new Intl.DateTimeFormat(config.lang, { hour: '2-digit', minute: '2-digit' });
  const dateTime = new Intl.DateTimeFormat(config.lang, { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' });
  const durations = [[0, config.texts.NoEnd], [15, '15 min'], [30, '30 min'], [60, '1 h'], [120, '2 h']];

  const cell = (text, className) => {
    const td = document.createElement('td');
    if (className) td.className = className;
    td.textContent = text;
    return td;
  };

  const select = (name, options, value) => {
    const element = document.createElement('select');
    element.name = name;
    for (const [optionValue, label] of options) {
      const option = document.createElement('option');
      option.value = optionValue;
      option.textContent = label;
      element.append(option);
    }
    element.value = value;
    return element;
  };

  const render = (row, flash) => {
    const id = `ext-${row.extension}`;
    let tr = document.getElementById(id);
    const existing = !!tr;
    if (existing && Number(tr.dataset.version) > row.version) return;
    if (!existing) {
      tr = document.createElement('tr');
      tr.id = id;
    }
    tr.dataset.version = row.version;
    tr.dataset.status = row.status;
    tr.dataset.search = `${row.extension} ${row.displayName ?? ''} ${row.label} ${row.internal} ${row.external}`.toLowerCase();
    const badge = document.createElement('span');
    badge.className = `badge status-${row.status}`;
    badge.textContent = row.label;
    const statusCell = document.createElement('td');
    statusCell.className = 'status';
    statusCell.append(badge);
    const setCell = document.createElement('td');
    const form = document.createElement('form');
    form.className = 'set';
    const statusSelect = select('status', config.statuses.map(s => [s.id, s.label]), row.status);
    const durationSelect = select('duration', durations, '0');
    const button = document.createElement('button');
    button.type = 'submit';
    button.textContent = config.texts.Set;
    form.append(statusSelect, durationSelect, button);
    form.addEventListener('submit', event => {
      event.preventDefault();
      setStatus(row.extension, statusSelect.value, Number(durationSelect.value));
    });
    setCell.append(form);
    const extCell = document.createElement('td');
    extCell.className = 'ext';
    const open = document.createElement('button');
    open.type = 'button';
    open.className = 'link';
    open.textContent = row.extension;
    open.title = config.texts.Details;
    open.addEventListener('click', () => details.open(row.extension));
    extCell.append(open);
    if (row.displayName) {
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = row.displayName;
      extCell.append(' ', name);
    }
    if (row.pbxParked) {
      // 3CX refused this extension's change: it waits, parked, until the configuration changes or an admin retries.
      const marker = document.createElement('span');
      marker.className = 'parked';
      marker.textContent = '⚠';
      marker.title = `${config.texts.PbxParked}: ${row.pbxParked}`;
      marker.setAttribute('aria-label', marker.title);
      extCell.append(' ', marker);
    }
    tr.dataset.parked = row.pbxParked ? 'true' : 'false';
    tr.replaceChildren(
      extCell,
      statusCell,
      cell(row.internal, 'internal'),
      cell(row.external, 'external'),
      cell(row.expiresAt ? time.format(new Date(row.expiresAt)) : '', 'until'),
      cell(row.queueLoggedIn ? config.texts.InQueue : '', 'queue'),
      cell(`${dateTime.format(new Date(row.since))} · ${row.source}`, 'changed'),
      setCell);
    if (!existing) {
      const after = [...body.rows].find(r => compare(r.id.slice(4), row.extension) > 0);
      body.insertBefore(tr, after ?? null);
    }
    if (flash) {
      tr.classList.remove('flash');
      void tr.offsetWidth;
      tr.classList.add('flash');
    }
    applyFilter(tr);
  };

  // Extensions sort as numbers: 99 before 100.
  const compare = (a, b) => a.length - b.length || a.localeCompare(b);

  const applyFilter = tr => {
    const text = search.value.trim().toLowerCase();
    const status = statusFilter.value;
    tr.hidden = (text && !tr.dataset.search.includes(text)) || (status && tr.dataset.status !== status);
  };

  const setStatus = async (extension, status, minutes) => {
    const expiresAt = minutes ? new Date(Date.now() + minutes * 60000).toISOString() : null;
    const response = await fetch(`/api/extensions/${extension}/status`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': config.csrf },
      body: JSON.stringify({ status, expiresAt }),
    });
    if (!response.ok) alert((await response.json()).detail ?? response.statusText);
  };

  // The detail dialog: the phone's display as it shows now, forwarding of every status, and the history.
  const details = (() => {
    const dialog = document.getElementById('details');
    const display = document.getElementById('display');
    const form = document.getElementById('forwarding');
    const error = document.getElementById('forwarding-error');
    const history = document.querySelector('#history tbody');
    const statusLabel = Object.fromEntries(config.statuses.map(s => [s.id, s.label]));
    let extension = null;
    let screen = 'status';
    // The route of each status is 3CX's and may differ per extension: ring-first or immediate, from the admin API.
    let routes = {};

    const fill = (select, options) => select.replaceChildren(...options.map(o => {
      const option = document.createElement('option');
      option.value = o.id;
      option.textContent = o.label;
      return option;
    }));
    const slotsFor = status => config.slots[routes[status] ?? (status === 'available' ? 'ring-first' : 'immediate')];
    const loadRoutes = async () => {
      const all = await (await fetch(`/api/extensions/${extension}/forwarding`)).json();
      routes = Object.fromEntries(Object.entries(all).map(([status, forwarding]) => [status, forwarding.route]));
      fill(form.slot, slotsFor(form.status.value));
    };
    const needsNumber = kind => ['extension', 'colleague-voicemail', 'external'].includes(kind);
    fill(form.kind, config.kinds);
    form.status.addEventListener('change', () => fill(form.slot, slotsFor(form.status.value)));
    form.kind.addEventListener('change', () => { form.number.hidden = !needsNumber(form.kind.value); });

    // The slot ids name where a target sits in the admin API's forwarding of one status.
    const path = slot => {
      const [, group, side] = slot.match(/^(?:(no-answer|busy|not-registered)-)?(internal|external)$/);
      const camel = group ? group.replace(/-(\w)/g, (_, c) => c.toUpperCase()) : null;
      return [camel, side];
    };

    form.addEventListener('submit', async event => {
      event.preventDefault();
      error.textContent = '';
      const status = form.status.value;
      const all = await (await fetch(`/api/extensions/${extension}/forwarding`)).json();
      const body = all[status];
      const [group, side] = path(form.slot.value);
      const target = { kind: form.kind.value, number: needsNumber(form.kind.value) ? form.number.value.trim() : null };
      if (group) body[group][side] = target; else body[side] = target;
      const response = await fetch(`/api/extensions/${extension}/forwarding/${status}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': config.csrf },
        body: JSON.stringify(body),
      });
      if (!response.ok) {
        const problem = await response.json();
        error.textContent = Object.values(problem.errors ?? {}).flat().join(' ') || problem.detail || response.statusText;
        return;
      }
      refresh();
    });

    dialog.querySelectorAll('.display-tabs button').forEach(b => b.addEventListener('click', () => { screen = b.dataset.screen; drawDisplay(); }));
    document.getElementById('details-close').addEventListener('click', () => { extension = null; dialog.close(); });

    // Draws Snom minibrowser XML as the phone's display does: title, lines or menu, soft keys, the DND LED.
    const drawDisplay = async () => {
      const response = await fetch(`/admin/preview/${extension}?screen=${screen}&lang=${config.lang}`);
      const xml = new DOMParser().parseFromString(await response.text(), 'application/xml');
      const root = xml.documentElement;
      const part = (className, text) => {
        const div = document.createElement('div');
        div.className = className;
        if (text !== undefined) div.textContent = text;
        return div;
      };
      const children = [part('title', root.querySelector(':scope > Title')?.textContent ?? '')];
      const body = part('body');
      if (root.nodeName === 'SnomIPPhoneMenu') {
        for (const item of root.querySelectorAll(':scope > MenuItem')) {
          const line = part('line menu-item', item.getAttribute('name') ?? '');
          if (item.getAttribute('sel') === 'true') line.classList.add('selected');
          body.append(line);
        }
      } else {
        const text = root.querySelector(':scope > Text');
        let line = part('line', '');
        for (const node of text?.childNodes ?? []) {
          if (node.nodeName === 'br') { body.append(line); line = part('line', ''); }
          else line.textContent += node.textContent;
        }
        body.append(line);
      }
      children.push(body);
      const keys = part('softkeys');
      for (const name of ['F1', 'F2', 'F3', 'F4']) {
        const key = [...root.querySelectorAll(':scope > SoftKeyItem')].find(k => k.querySelector('Name')?.textContent === name);
        keys.append(part('softkey', key?.querySelector('Label')?.textContent ?? ''));
      }
      children.push(keys);
      const led = root.querySelector(':scope > Led');
      const lamp = part('led');
      if (led?.textContent === 'on') {
        lamp.classList.add('on');
        lamp.style.setProperty('--led', led.getAttribute('color') ?? 'red');
        lamp.title = `LED ${led.getAttribute('number')}`;
      }
      children.push(lamp);
      display.replaceChildren(...children);
    };

    const drawHistory = async () => {
      const entries = await (await fetch(`/api/extensions/${extension}/history?limit=20`)).json();
      history.replaceChildren(...entries.map(e => {
        const tr = document.createElement('tr');
        tr.append(cell(dateTime.format(new Date(e.at))), cell(e.kind), cell(statusLabel[e.status] ?? e.status), cell(e.source), cell(e.origin ?? ''));
        return tr;
      }));
    };

    const refresh = () => { if (extension) { drawDisplay(); drawHistory(); } };

    return {
      open: ext => {
        extension = ext;
        screen = 'status';
        document.getElementById('details-title').textContent = ext;
        const current = document.getElementById(`ext-${ext}`)?.dataset.status ?? 'available';
        form.status.value = current;
        routes = {};
        fill(form.slot, slotsFor(current));
        loadRoutes();
        form.kind.value = config.kinds[0].id;
        form.number.hidden = true;
        error.textContent = '';
        refresh();
        if (!dialog.open) dialog.showModal();
      },
      changed: ext => { if (ext === extension) refresh(); },
    };
  })();

  search.addEventListener('input', () => [...body.rows].forEach(applyFilter));
  statusFilter.addEventListener('change', () => [...body.rows].forEach(applyFilter));

  const connect = () => {
    const events = new EventSource(`/admin/events?lang=${config.lang}`);
    events.addEventListener('open', async () => {
      live.textContent = live.dataset.live;
      live.classList.add('on');
      // Loaded after the stream is open, so no change falls between the two.
      const rows = await (await fetch(`/admin/board.json?lang=${config.lang}`)).json();
      rows.forEach(row => render(row, false));
    });
    events.addEventListener('presence', event => {
      const row = JSON.parse(event.data);
      render(row, true);
      details.changed(row.extension);
    });
    events.onerror = () => {
      live.textContent = live.dataset.offline;
      live.classList.remove('on');
    };
  };
  connect();
})();
