// The replica's stand-in for Statuspage's HistoryIndex React bundle: it renders the months from
// data-react-props after the document loads, so a plain HTTP client sees only the empty shell.
(() => {
  const root = document.querySelector('[data-react-class="HistoryIndex"]');
  if (!root) return;
  const props = JSON.parse(root.getAttribute('data-react-props'));
  const variant = root.getAttribute('data-replica-variant') || 'react';
  const el = (tag, className, children) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    for (const child of children || []) node.append(child);
    return node;
  };
  // Like the real component, paging state comes from the URL and the props' time window.
  const page = Number(new URLSearchParams(location.search).get('page') || '1');
  const hasOlder = Date.parse(props.start_time) > Date.parse(props.page_status.page.created_at);
  const range = `${props.months.at(-1).name} ${props.months.at(-1).year} to ${props.months[0].name} ${props.months[0].year}`;
  const render = () => {
    const container = el('div', variant === 'changed' ? 'incident-history-list' : 'months-container');
    for (const month of props.months) {
      const title = el('h4', 'month-title font-large', [`${month.name} `]);
      const year = el('var', '', [String(month.year)]);
      year.setAttribute('data-var', 'year');
      title.append(year);
      const box = el('div', variant === 'changed' ? 'history-month' : 'month', [title]);
      if (month.incidents.length === 0) {
        box.append(
          el('div', 'no-incidents font-regular color-secondary', ['No incidents reported for this month.']),
        );
      }
      for (const incident of month.incidents) {
        const link = el('a', '', [incident.name]);
        link.href = `/incidents/${incident.code}`;
        const secondary = el('div', 'secondary font-small color-secondary');
        secondary.innerHTML = incident.timestamp;
        box.append(
          el('div', 'incident-container', [
            el('div', `incident-title impact-${incident.impact} font-large`, [link]),
            el('div', 'message incident-body color-primary font-regular', [incident.message || '']),
            secondary,
          ]),
        );
      }
      container.append(box);
    }
    const older = el('a', `previous-page border-color color-secondary${hasOlder ? '' : ' disabled'}`, ['←']);
    older.href = `?page=${page + 1}`;
    const newer = el('a', `next-page border-color color-secondary${page > 1 ? '' : ' disabled'}`, ['→']);
    newer.href = `?page=${Math.max(1, page - 1)}`;
    // 'no-older-link' leaves the older-page link out on the last page instead of disabling it;
    // 'no-pagination' renders no footer at all, as a redesign might.
    const links =
      variant === 'no-older-link' && !hasOlder
        ? [el('span', 'current', [range]), newer]
        : [older, el('span', 'current', [range]), newer];
    const footer = el('div', 'history-footer', [el('div', 'pagination', links)]);
    if (variant === 'no-pagination') root.replaceChildren(container);
    else root.replaceChildren(container, footer);
  };
  // Mount a moment after load, as the real bundle does once React has booted.
  setTimeout(render, 10);
})();
