// The lobby display: polls /api/board, ticks the clock, and keeps going through network drops and server restarts.
(function () {
    const pollMs = 5000;
    const el = id => document.getElementById(id);
    let offset = 0; // server lot-local time minus browser time, so the clock shows the lot's time zone

    function pad(n) { return String(n).padStart(2, '0'); }

    function tick() {
        const t = new Date(Date.now() + offset);
        el('board-clock').textContent =
            `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
    }

    function render(board) {
        offset = Date.parse(board.now + 'Z') - Date.now();
        el('board-free').textContent = board.free;
        el('board-capacity').textContent = board.capacity;
        const bays = el('board-bays');
        bays.hidden = !board.bay_sensors;
        if (board.bay_sensors) {
            bays.textContent = bays.dataset.template.replace('{0}', board.bay_sensors.free).replace('{1}', board.bay_sensors.total);
        }
        const list = el('board-announcements');
        list.replaceChildren(...board.announcements.map(a => {
            const article = document.createElement('article');
            article.className = 'sp-board-item' + (a.pinned ? ' pinned' : '') + (a.kind === 'TrafficRule' ? ' rule' : '');
            article.translate = false; // what the admin wrote is shown as written, in any language
            const title = document.createElement('h2');
            title.textContent = a.title;
            const body = document.createElement('div');
            body.className = 'sp-board-body';
            body.innerHTML = a.html; // rendered server-side by Markdig with raw HTML disabled
            article.append(title, body);
            return article;
        }));
        list.classList.toggle('scrolling', list.scrollHeight > list.parentElement.clientHeight);
    }

    async function poll() {
        try {
            const response = await fetch('/api/board?lot=' + encodeURIComponent(document.querySelector('[data-lot]').dataset.lot), { cache: 'no-store' });
            if (!response.ok) throw new Error(response.status);
            render(await response.json());
            el('board-status').textContent = '';
        } catch {
            el('board-status').textContent = el('board-status').dataset.offlineText;
        } finally {
            setTimeout(poll, pollMs);
        }
    }

    setInterval(tick, 1000);
    poll();
})();
