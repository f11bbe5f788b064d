// The review page's script (inlined into the page, allowed by its CSP hash). Read-only: it fetches
// the admin API with the token the operator pasted, kept in this tab's sessionStorage and sent as
// a bearer header (no cookie: nothing a cross-site request could carry). Every value from the API
// is rendered with textContent or SVG attributes, never parsed as HTML.
'use strict';
(() => {
  const TOKEN_KEY = 'distillguard.admin.token';
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const $ = (id) => document.getElementById(id);

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (key === 'class') node.className = value;
      else if (key === 'data') Object.assign(node.dataset, value);
      else if (key === 'text') node.textContent = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) if (child != null) node.append(child);
    return node;
  }

  function svg(tag, attrs) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === 'text') node.textContent = value;
      else node.setAttribute(key, String(value));
    }
    return node;
  }

  const fmt = (value) =>
    value === null || value === undefined ? '–' : typeof value === 'number' ? String(value) : value;

  function table(target, headers, rows) {
    const head = el(
      'tr',
      {},
      ...headers.map(([label, numeric]) => el('th', { class: numeric ? 'num' : '', text: label })),
    );
    target.replaceChildren(el('thead', {}, head), el('tbody', {}, ...rows));
  }

  function cell(field, value, numeric) {
    return el('td', { class: numeric ? 'num' : '', data: { field }, text: fmt(value) });
  }

  async function api(path) {
    const token = sessionStorage.getItem(TOKEN_KEY);
    const res = await fetch(path, {
      headers: { authorization: `Bearer ${token}` },
      cache: 'no-store',
      credentials: 'omit',
    });
    if (res.status === 401) {
      sessionStorage.removeItem(TOKEN_KEY);
      showLogin('The token was refused.');
      throw new Error('unauthorized');
    }
    const body = await res.json();
    if (!res.ok) throw new Error(body && body.error ? body.error.message : `HTTP ${res.status}`);
    return body;
  }

  function showLogin(message) {
    $('main').hidden = true;
    $('refresh').hidden = true;
    $('forget').hidden = true;
    $('login').hidden = false;
    $('login-error').textContent = message || '';
    document.body.dataset.state = 'login';
  }

  function renderActions(series) {
    const buckets = series.buckets;
    let first = buckets.findIndex((b) => Object.values(b.counts).some((n) => n > 0));
    if (first < 0) first = buckets.length - 1;
    const shown = buckets.slice(Math.max(0, Math.min(first, buckets.length - 30)));
    const max = Math.max(
      1,
      ...shown.map((b) => Object.values(b.counts).reduce((a, n) => a + n, 0)),
    );
    const width = 720;
    const height = 180;
    const barWidth = width / shown.length;
    const chart = svg('svg', { viewBox: `0 0 ${width} ${height + 20}`, role: 'img' });
    chart.append(svg('title', { text: 'Decisions per action per time bucket' }));
    shown.forEach((bucket, index) => {
      let y = height;
      for (const action of series.actions) {
        const count = bucket.counts[action];
        if (!count) continue;
        const h = (count / max) * (height - 10);
        y -= h;
        const rect = svg('rect', {
          x: index * barWidth + 1,
          y,
          width: Math.max(1, barWidth - 2),
          height: h,
          class: action,
          'data-action': action,
          'data-count': count,
          'data-start': bucket.start,
        });
        rect.append(svg('title', { text: `${bucket.start} ${action}: ${count}` }));
        chart.append(rect);
      }
    });
    chart.append(svg('line', { x1: 0, y1: height, x2: width, y2: height, class: 'axis' }));
    chart.append(svg('text', { x: 2, y: height + 14, text: shown[0] ? shown[0].start : '' }));
    chart.append(svg('text', { x: 2, y: 12, text: `max ${max} / ${series.bucket_seconds} s` }));
    $('actions-chart').replaceChildren(chart);
    const legend = el(
      'p',
      { class: 'legend' },
      ...series.actions.map((action) =>
        el('span', {}, el('span', { class: `swatch ${action}` }), action),
      ),
    );
    $('actions-chart').append(legend);
    table(
      $('actions-totals'),
      series.actions.map((action) => [action, true]),
      [
        el(
          'tr',
          { data: { row: 'totals' } },
          ...series.actions.map((a) => cell(a, series.totals[a], true)),
        ),
      ],
    );
    $('actions-note').textContent = `(last ${shown.length} × ${series.bucket_seconds} s)`;
  }

  function accountButton(id) {
    const button = el('button', { type: 'button', class: 'link', text: id });
    button.addEventListener('click', () => void showAccount(id));
    return button;
  }

  function renderAccounts(accounts) {
    table(
      $('accounts-table'),
      [
        ['account'],
        ['tier'],
        ['requests', true],
        ['actioned', true],
        ['max score', true],
        ['score now', true],
        ['last action'],
        ['last rule'],
        ['last seen'],
      ],
      accounts.map((a) =>
        el(
          'tr',
          { data: { account: a.account } },
          el('td', { data: { field: 'account' } }, accountButton(a.account)),
          cell('tier', a.tier),
          cell('requests', a.requests, true),
          cell('actioned', a.actioned, true),
          cell('max_score', a.max_score, true),
          cell('score_now', a.score_now, true),
          cell('last_action', a.last_action),
          cell('last_rule', a.last_rule),
          cell('last_seen', a.last_seen),
        ),
      ),
    );
  }

  function renderClusters(clusters) {
    table(
      $('clusters-table'),
      [
        ['cluster'],
        ['link'],
        ['accounts', true],
        ['requests', true],
        ['risk', true],
        ['flagged'],
        ['families'],
      ],
      clusters.map((c) =>
        el(
          'tr',
          { data: { cluster: c.id } },
          cell('id', c.id),
          cell('link', c.link),
          cell('accounts', c.accounts, true),
          cell('requests', c.requests, true),
          cell('risk', c.risk, true),
          cell('flagged', c.flagged ? 'yes' : 'no'),
          cell('families', c.families.join(', ')),
        ),
      ),
    );
  }

  function factorsText(factors) {
    return factors.map((f) => `${f.signal}=${f.value} (+${f.contribution})`).join('; ');
  }

  function scoreChart(timeline) {
    const points = timeline.slice().reverse();
    const width = 720;
    const height = 120;
    const chart = svg('svg', { viewBox: `0 0 ${width} ${height + 10}`, role: 'img' });
    chart.append(svg('title', { text: 'Score of each recent decision, oldest first' }));
    const x = (i) => (points.length < 2 ? width / 2 : 5 + (i / (points.length - 1)) * (width - 10));
    const y = (score) => 5 + (1 - score) * height;
    chart.append(
      svg('polyline', {
        class: 'line',
        points: points.map((p, i) => `${x(i)},${y(p.score)}`).join(' '),
      }),
    );
    points.forEach((p, i) => {
      const dot = svg('circle', {
        cx: x(i),
        cy: y(p.score),
        r: 3,
        class: p.action,
        'data-score': p.score,
      });
      dot.append(svg('title', { text: `${p.ts} ${p.action} ${p.rule || ''} score ${p.score}` }));
      chart.append(dot);
    });
    return el('div', { class: 'chart' }, chart);
  }

  function facts(pairs) {
    const list = el('dl', { class: 'facts' });
    for (const [label, field, value] of pairs)
      list.append(el('dt', { text: label }), el('dd', { data: { field }, text: fmt(value) }));
    return list;
  }

  function renderAccount(report) {
    const r = report.resolved || {};
    const risk = report.risk || {};
    const timeline = el('table', { id: 'timeline-table' });
    table(
      timeline,
      [
        ['time'],
        ['action'],
        ['mode'],
        ['rule'],
        ['reason'],
        ['score', true],
        ['status', true],
        ['factors'],
      ],
      report.timeline.map((t) =>
        el(
          'tr',
          { data: { request: t.request_id } },
          cell('ts', t.ts),
          cell('action', t.action),
          cell('mode', t.mode),
          cell('rule', t.rule),
          cell('reason', t.reason),
          cell('score', t.score, true),
          cell('status', t.status, true),
          el('td', { class: 'factors', data: { field: 'factors' }, text: factorsText(t.factors) }),
        ),
      ),
    );
    $('account-detail').replaceChildren(
      el('h3', { data: { field: 'account' }, text: report.account }),
      facts([
        ['tier', 'tier', r.tier],
        ['verified', 'verified', r.verified === undefined ? null : String(r.verified)],
        ['labels', 'labels', (r.labels || []).join(', ')],
        ['declared use', 'declared_use', r.declared_use],
        ['override', 'override', r.override ? `${r.override.action} (${r.override.reason})` : null],
        ['score now', 'risk_score', risk.score],
        ['families', 'risk_families', (risk.families || []).join(', ')],
        ['factors', 'risk_factors', factorsText(risk.factors || [])],
        [
          'clusters',
          'clusters',
          report.clusters.map((c) => `${c.id} (${c.link}, risk ${c.risk})`).join('; '),
        ],
        ['challenged', 'challenged', String(report.challenge.challenged)],
        [
          'remembered block',
          'remembered_block',
          report.remembered_block ? report.remembered_block.rule : null,
        ],
      ]),
      scoreChart(report.timeline),
      timeline,
    );
  }

  async function showAccount(id) {
    $('account-id').value = id;
    try {
      renderAccount(await api(`/admin/accounts/${encodeURIComponent(id)}`));
      document.body.dataset.account = id;
    } catch (error) {
      $('account-detail').replaceChildren(el('p', { class: 'error', text: error.message }));
    }
  }

  function renderPolicy(policy) {
    const rules = el('table', { id: 'rules-table' });
    table(
      rules,
      [['rule'], ['action'], ['mode'], ['rollout', true], ['reason']],
      policy.rules.map((rule) =>
        el(
          'tr',
          { data: { rule: rule.id } },
          cell('id', rule.id),
          cell('action', rule.action),
          cell('mode', rule.mode),
          cell('rollout', rule.rollout, true),
          cell('reason', rule.reason),
        ),
      ),
    );
    $('policy-detail').replaceChildren(
      facts([
        ['version', 'version', policy.version],
        ['mode', 'mode', policy.mode],
        ['source', 'source_file', policy.source_file],
        [
          'last reload',
          'last_reload',
          `${policy.last_reload.at} ${policy.last_reload.ok ? 'ok' : 'FAILED'}`,
        ],
        ['reload errors', 'reload_errors', policy.last_reload.errors.join('\n') || null],
      ]),
      rules,
    );
  }

  function renderBacktests(backtests) {
    const names = [...new Set(backtests.reports.flatMap((r) => Object.keys(r.numbers)))].slice(
      0,
      8,
    );
    table(
      $('backtests-table'),
      [['file'], ['generated'], ['candidate'], ...names.map((n) => [n, true]), ['error']],
      backtests.reports.map((r) =>
        el(
          'tr',
          { data: { file: r.file } },
          cell('file', r.file),
          cell('generated_at', r.generated_at || r.modified),
          cell('candidate', r.candidate),
          ...names.map((n) => cell(n, r.numbers[n], true)),
          cell('error', r.error),
        ),
      ),
    );
    if (!backtests.configured) {
      $('backtests-table').replaceChildren(
        el('caption', { text: 'admin.backtests_dir is not set.' }),
      );
    }
  }

  async function load() {
    document.body.dataset.state = 'loading';
    $('status').textContent = 'loading…';
    try {
      const [overview, policy, backtests] = await Promise.all([
        api('/admin/overview?limit=20'),
        api('/admin/policy'),
        api('/admin/backtests'),
      ]);
      $('login').hidden = true;
      $('main').hidden = false;
      $('refresh').hidden = false;
      $('forget').hidden = false;
      renderActions(overview.actions_over_time);
      renderAccounts(overview.top_accounts);
      renderClusters(overview.top_clusters);
      renderPolicy(policy);
      renderBacktests(backtests);
      const wanted = $('account-id').value || (overview.top_accounts[0] || {}).account;
      if (wanted) await showAccount(wanted);
      $('status').textContent = `updated ${overview.generated_at}`;
      document.body.dataset.state = 'ready';
    } catch (error) {
      if (error.message !== 'unauthorized') {
        $('status').textContent = `error: ${error.message}`;
        document.body.dataset.state = 'error';
      }
    }
  }

  $('login').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
    $('token').value = '';
    void load();
  });
  $('account-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const id = $('account-id').value.trim();
    if (id) void showAccount(id);
  });
  $('refresh').addEventListener('click', () => void load());
  $('forget').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    showLogin('');
  });
  if (sessionStorage.getItem(TOKEN_KEY)) void load();
  else showLogin('');
})();
