// The phone inventory: list, add or change, CSV import with its dry run, the rendered provisioning file, token rotation.
(() => {
  const config = JSON.parse(document.getElementById('config').textContent);
  const t = config.texts;
  const body = document.querySelector('#phones tbody');
  const form = document.getElementById('phone');
  const result = document.getElementById('phone-result');
  const report = document.getElementById('import-report');
  const output = document.getElementById('output');
  const outputTitle = document.getElementById('output-title');
  const headers = { 'X-CSRF-Token': config.csrf };

  const cell = text => {
    const td = document.createElement('td');
    td.textContent = text ?? '';
    return td;
  };

  const button = (label, onClick) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.addEventListener('click', onClick);
    return b;
  };

  const problemText = async response => {
    const problem = await response.json();
    return Object.entries(problem.errors ?? {}).map(([field, reasons]) => `${field}: ${[reasons].flat().join(' ')}`).join(' · ') || problem.detail || response.statusText;
  };

  const load = async () => {
    const phones = await (await fetch('/api/phones')).json();
    body.replaceChildren(...phones.map(phone => {
      const tr = document.createElement('tr');
      tr.id = `phone-${phone.mac}`;
      const actions = document.createElement('td');
      actions.append(
        button(t.Edit, () => edit(phone)),
        button(t.ProvisioningFile, () => show(phone.mac)),
        button(t.NewToken, () => rotate(phone.mac)));
      tr.append(cell(phone.mac), cell(phone.model), cell(phone.extensions.join(' ')), cell(phone.displayName), cell(phone.language), cell(phone.webUser), actions);
      return tr;
    }));
  };

  const edit = phone => {
    form.mac.value = phone.mac;
    form.model.value = phone.model;
    form.extensions.value = phone.extensions.join(' ');
    form.displayName.value = phone.displayName ?? '';
    form.language.value = phone.language ?? '';
    form.webUser.value = phone.webUser ?? '';
    form.webPassword.value = '';
    form.mac.focus();
  };

  const show = async mac => {
    const response = await fetch(`/api/phones/${mac}/provisioning`);
    outputTitle.textContent = `${t.ProvisioningFile} · ${mac}`;
    output.textContent = await response.text();
  };

  const rotate = async mac => {
    const response = await fetch(`/api/phones/${mac}/token`, { method: 'POST', headers });
    if (!response.ok) { result.textContent = await problemText(response); return; }
    result.textContent = `${t.TokenShownOnce} ${(await response.json()).token}`;
    await show(mac);
  };

  form.addEventListener('submit', async event => {
    event.preventDefault();
    const mac = form.mac.value.trim();
    const response = await fetch(`/api/phones/${encodeURIComponent(mac)}`, {
      method: 'PUT',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        model: form.model.value.trim(),
        extensions: form.extensions.value.split(/[\s,]+/).filter(Boolean),
        displayName: form.displayName.value.trim() || null,
        language: form.language.value || null,
        webUser: form.webUser.value.trim() || null,
        webPassword: form.webPassword.value || null,
      }),
    });
    if (!response.ok) { result.textContent = await problemText(response); return; }
    const saved = await response.json();
    result.textContent = response.status === 201 ? `${t.Created}: ${saved.phone.mac}. ${t.TokenShownOnce} ${saved.token}` : `${t.Updated}: ${saved.mac}`;
    form.webPassword.value = '';
    await load();
  });

  const importCsv = async dryRun => {
    const response = await fetch(`/api/phones/import?dryRun=${dryRun}`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'text/csv' },
      body: document.getElementById('csv').value,
    });
    const answer = await response.json();
    if (response.ok) {
      report.replaceChildren(`${dryRun ? t.DryRunDone : t.ImportDone} ${t.Created}: ${answer.created.length}, ${t.Updated}: ${answer.updated.length}`);
      if (!dryRun) await load();
      return;
    }
    const table = document.createElement('table');
    table.className = 'report-error';
    const head = document.createElement('tr');
    head.append(cell(t.Line), cell(t.Field), cell(t.Reason));
    table.append(head, ...(answer.errors ?? []).map(e => {
      const tr = document.createElement('tr');
      tr.append(cell(String(e.line)), cell(e.field), cell(e.reason));
      return tr;
    }));
    report.replaceChildren(answer.title ?? '', table);
  };

  document.getElementById('dry-run').addEventListener('click', () => importCsv(true));
  document.getElementById('import').addEventListener('click', () => importCsv(false));
  load();
})();
