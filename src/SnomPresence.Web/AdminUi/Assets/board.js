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
    tr.dataset.search = `${row.extension} ${row.label} ${row.internal} ${row.external}`.toLowerCase();
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
    tr.replaceChildren(
      cell(row.extension, 'ext'),
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
    events.addEventListener('presence', event => render(JSON.parse(event.data), true));
    events.onerror = () => {
      live.textContent = live.dataset.offline;
      live.classList.remove('on');
    };
  };
  connect();
})();
