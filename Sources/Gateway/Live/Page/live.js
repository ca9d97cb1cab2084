// EmoStream live page: register with the gateway, watch the assigned subscriber's windows over a WebSocket,
// send reactions. Plain browser JavaScript, no build step and no dependencies, so it works offline.
// The WebSocket messages are those of proto-docs/fanout.md ("WebSocket variant").
(() => {
  'use strict';

  const params = new URLSearchParams(window.location.search);
  // Where the REST API is: this page's own origin, unless ?api=http://host:port points elsewhere (CORS).
  const apiBase = (params.get('api') || '').replace(/\/+$/, '');
  const storageKey = 'emostream.client_id';
  const maxClientIdLength = 64;
  const roomPattern = /^[A-Za-z0-9._:-]{1,64}$/;
  // Reconnect backoff: 0.5 s doubling to 10 s; after this many failed attempts, register again (the gateway moves
  // a client whose subscriber died to a live one).
  const backoffBaseMs = 500;
  const backoffMaxMs = 10000;
  const reregisterAfterAttempts = 3;
  // EFP error codes after which only a fresh registration (a new token or a new subscriber) can help.
  const registrationErrors = new Set([3, 4, 5, 6]);
  // The swarm never holds more than this many floating emojis, however big the windows.
  const swarmBudgetPerWindow = 60;
  const swarmMaxOnScreen = 240;

  const el = (id) => document.getElementById(id);
  const ui = {
    connection: el('connection'),
    connectionText: el('connection-text'),
    form: el('join-form'),
    clientId: el('client-id'),
    generate: el('generate'),
    room: el('room'),
    register: el('register'),
    leave: el('leave'),
    joinError: el('join-error'),
    assignment: el('assignment'),
    assignedSubscriber: el('assigned-subscriber'),
    assignedAddress: el('assigned-address'),
    assignedExpiry: el('assigned-expiry'),
    recoveryNote: el('recovery-note'),
    swarm: el('swarm'),
    swarmEmpty: el('swarm-empty'),
    swarmRoom: el('swarm-room'),
    windowInfo: el('window-info'),
    stream: el('stream'),
    sendStatus: el('send-status'),
    tallyBody: el('tally-body'),
    tallyRoom: el('tally-room'),
    tallyLastTotal: el('tally-last-total'),
    tallyTotal: el('tally-total'),
  };
  const emojiButtons = Array.from(document.querySelectorAll('button.emoji'));
  const emojis = emojiButtons.map((button) => button.dataset.emoji);

  const state = {
    clientId: '',
    room: 'main',
    assignment: null,
    wantConnected: false,
    socket: null,
    failedAttempts: 0,
    needsRegistration: false,
    hasBeenLive: false,
    reconnectTimer: null,
    keepaliveTimer: null,
    heartbeatMs: 5000,
    lastHeardAt: 0,
    pingNonce: 0,
    lastSeq: -1,
    windowsReceived: 0,
    lastWindow: new Map(),
    sinceJoining: new Map(),
    sent: 0,
    streamTimer: null,
  };

  // ---- connection state -------------------------------------------------------------------------------------

  function setConnection(stateName, text) {
    ui.connection.dataset.state = stateName;
    ui.connectionText.textContent = text;
  }

  function showJoinError(text) {
    ui.joinError.textContent = text;
    ui.joinError.hidden = !text;
  }

  function showRecoveryNote(text, kind) {
    ui.recoveryNote.textContent = text;
    ui.recoveryNote.className = `message ${kind}`;
    ui.recoveryNote.hidden = !text;
  }

  // ---- REST calls -------------------------------------------------------------------------------------------

  async function postJSON(path, body) {
    const response = await fetch(apiBase + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    });
    let answer = null;
    try {
      answer = await response.json();
    } catch (_) {
      answer = null;
    }
    return { status: response.status, ok: response.ok, answer, retryAfter: response.headers.get('Retry-After') };
  }

  function errorText(result, fallback) {
    return (result.answer && typeof result.answer.error === 'string') ? result.answer.error : fallback;
  }

  // ---- joining ----------------------------------------------------------------------------------------------

  function generateClientId() {
    const bytes = new Uint8Array(4);
    crypto.getRandomValues(bytes);
    return 'viewer-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  function validClientId(text) {
    if (!text) return 'Enter a client id or generate one.';
    if (text.length > maxClientIdLength) return `A client id has at most ${maxClientIdLength} characters.`;
    if (/[\u0000-\u001f\u007f-\u009f]/.test(text)) return 'A client id may not contain control characters.';
    return null;
  }

  async function join() {
    const clientId = ui.clientId.value.trim();
    const problem = validClientId(clientId);
    if (problem) {
      showJoinError(problem);
      ui.clientId.focus();
      return;
    }
    showJoinError('');
    if (state.wantConnected && clientId === state.clientId) return;
    if (state.wantConnected) stopConnection();
    state.clientId = clientId;
    try {
      window.localStorage.setItem(storageKey, clientId);
    } catch (_) {
      // Private windows may refuse storage; the id is simply not remembered.
    }
    state.wantConnected = true;
    state.failedAttempts = 0;
    state.hasBeenLive = false;
    resetTally();
    ui.leave.hidden = false;
    ui.register.textContent = 'Registered';
    ui.register.disabled = true;
    await registerAndConnect();
  }

  async function registerAndConnect() {
    if (!state.wantConnected) return;
    setConnection('registering', 'Registering…');
    let result;
    try {
      result = await postJSON('/register_client', { client_id: state.clientId });
    } catch (_) {
      scheduleReconnect('the gateway is unreachable');
      return;
    }
    if (!state.wantConnected) return;
    if (!result.ok) {
      const reason = errorText(result, `registration failed (HTTP ${result.status})`);
      if (result.status >= 500 || result.status === 429) {
        scheduleReconnect(reason);
      } else {
        showJoinError(reason);
        setConnection('error', 'Not registered');
        endSession();
      }
      return;
    }
    const assigned = result.answer && result.answer.assigned_subscriber;
    if (!assigned || typeof assigned.ws_url !== 'string' || typeof assigned.token !== 'string') {
      showJoinError('The gateway answered without a WebSocket address or token.');
      setConnection('error', 'Not registered');
      endSession();
      return;
    }
    state.assignment = assigned;
    state.needsRegistration = false;
    showAssignment(assigned);
    connect();
  }

  function showAssignment(assigned) {
    ui.assignedSubscriber.textContent = `cluster ${assigned.cluster_id}, subscriber ${assigned.subscriber_id}`;
    ui.assignedAddress.textContent = webSocketURL(assigned.ws_url);
    ui.assignedExpiry.textContent = assigned.token_expires_at
      ? new Date(assigned.token_expires_at).toLocaleString()
      : 'unknown';
    ui.assignment.hidden = false;
  }

  function isLoopback(host) {
    return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\./.test(host);
  }

  // A subscriber that advertises a loopback address is reachable only from its own machine; a page loaded from
  // that machine by another name (a phone on the LAN) dials the same host it loaded the API from instead.
  function webSocketURL(advertised) {
    let url;
    try {
      url = new URL(advertised);
    } catch (_) {
      return advertised;
    }
    const apiHost = apiBase ? new URL(apiBase).hostname : window.location.hostname;
    if (isLoopback(url.hostname) && apiHost && !isLoopback(apiHost)) {
      url.hostname = apiHost;
    }
    return url.toString();
  }

  function leave() {
    const clientId = state.clientId;
    stopConnection();
    endSession();
    setConnection('idle', 'Not connected');
    showRecoveryNote('', 'info');
    if (clientId) {
      postJSON('/deregister_client', { client_id: clientId })
        .then((result) => {
          ui.sendStatus.textContent = result.ok ? `${clientId} left.` : errorText(result, 'Could not deregister.');
        })
        .catch(() => {
          ui.sendStatus.textContent = 'The gateway is unreachable; the registration stays until it expires.';
        });
    }
  }

  function endSession() {
    state.wantConnected = false;
    clearTimeout(state.reconnectTimer);
    state.reconnectTimer = null;
    ui.leave.hidden = true;
    ui.register.textContent = 'Register and connect';
    ui.register.disabled = false;
    ui.assignment.hidden = true;
  }

  // ---- the WebSocket session --------------------------------------------------------------------------------

  function connect() {
    if (!state.wantConnected || !state.assignment) return;
    const url = webSocketURL(state.assignment.ws_url);
    setConnection('connecting', state.hasBeenLive ? 'Reconnecting…' : 'Connecting…');
    let socket;
    try {
      socket = new WebSocket(url);
    } catch (_) {
      scheduleReconnect('the WebSocket address is invalid');
      return;
    }
    state.socket = socket;
    socket.onopen = () => {
      state.lastHeardAt = Date.now();
      socket.send(JSON.stringify({
        type: 'hello',
        client_id: state.clientId,
        token: state.assignment.token,
        rooms: [{ room: state.room, last_seq: state.lastSeq }],
      }));
    };
    socket.onmessage = (event) => {
      if (socket !== state.socket) return;
      state.lastHeardAt = Date.now();
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (_) {
        return;
      }
      handleMessage(message);
    };
    socket.onclose = () => {
      if (socket !== state.socket) return;
      state.socket = null;
      stopKeepalive();
      scheduleReconnect('the connection closed');
    };
    // An error is always followed by close, which decides what to do.
    socket.onerror = () => {};
  }

  function handleMessage(message) {
    switch (message.type) {
      case 'welcome': return welcomed(message);
      case 'window': return windowReceived(message);
      case 'error':
        if (registrationErrors.has(message.code)) state.needsRegistration = true;
        setConnection('error', `Refused: ${message.reason || 'error ' + message.code}`);
        return;
      case 'goodbye':
        setConnection('reconnecting', `Server said goodbye: ${message.reason || 'closing'}`);
        return;
      default:
        return; // pong and anything newer: hearing it was enough.
    }
  }

  function welcomed(welcome) {
    const wasReconnect = state.hasBeenLive;
    state.hasBeenLive = true;
    state.failedAttempts = 0;
    state.heartbeatMs = welcome.heartbeat_interval_ms > 0 ? welcome.heartbeat_interval_ms : 5000;
    startKeepalive();
    setConnection('live', `Live on ${welcome.server_id || 'subscriber'}`);
    if (welcome.recovery === 'incomplete') {
      showRecoveryNote(
        `Reconnected at ${new Date().toLocaleTimeString()}, but the subscriber no longer had every window missed ` +
        `meanwhile: the tally since joining may be short. ${welcome.replay_count} window(s) were recovered.`,
        'warning');
    } else if (wasReconnect && welcome.recovery === 'complete') {
      showRecoveryNote(
        `Reconnected at ${new Date().toLocaleTimeString()}; recovered ${welcome.replay_count} missed window(s), none lost.`,
        'info');
    }
  }

  // Keepalive: browsers answer the server's WebSocket pings without telling the page, so the page pings in JSON
  // and treats three heartbeat intervals of silence as a dead connection (fanout.md, "Keepalive").
  function startKeepalive() {
    stopKeepalive();
    state.keepaliveTimer = setInterval(() => {
      const socket = state.socket;
      if (!socket || socket.readyState !== WebSocket.OPEN) return;
      if (Date.now() - state.lastHeardAt > 3 * state.heartbeatMs) {
        dropSocket();
        scheduleReconnect('the subscriber stopped answering');
        return;
      }
      state.pingNonce += 1;
      socket.send(JSON.stringify({ type: 'ping', nonce: state.pingNonce }));
    }, state.heartbeatMs);
  }

  function stopKeepalive() {
    clearInterval(state.keepaliveTimer);
    state.keepaliveTimer = null;
  }

  // Forgets the socket at once: a close handshake with a dead peer can take long, and its events no longer matter.
  function dropSocket(sayGoodbye) {
    const socket = state.socket;
    state.socket = null;
    stopKeepalive();
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    try {
      if (sayGoodbye && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'goodbye' }));
      socket.close(1000);
    } catch (_) {
      // Already closing.
    }
  }

  function stopConnection() {
    clearTimeout(state.reconnectTimer);
    state.reconnectTimer = null;
    dropSocket(true);
  }

  function scheduleReconnect(reason) {
    if (!state.wantConnected || state.reconnectTimer) return;
    state.failedAttempts += 1;
    const ceiling = Math.min(backoffMaxMs, backoffBaseMs * 2 ** (state.failedAttempts - 1));
    const delay = Math.round(ceiling / 2 + Math.random() * ceiling / 2);
    if (ui.connection.dataset.state !== 'error') {
      setConnection('reconnecting', `Disconnected (${reason}); retrying in ${(delay / 1000).toFixed(1)} s`);
    }
    state.reconnectTimer = setTimeout(() => {
      state.reconnectTimer = null;
      if (state.needsRegistration || state.failedAttempts >= reregisterAfterAttempts || !state.assignment) {
        registerAndConnect();
      } else {
        connect();
      }
    }, delay);
  }

  // ---- windows, tally, swarm --------------------------------------------------------------------------------

  function windowReceived(record) {
    if (record.room !== state.room || typeof record.seq !== 'number') return;
    // At most once per (room, seq): replays after a reconnect may overlap what was already shown.
    if (record.seq <= state.lastSeq) return;
    state.lastSeq = record.seq;
    state.windowsReceived += 1;
    const counts = record.counts && typeof record.counts === 'object' ? record.counts : {};
    state.lastWindow = new Map();
    for (const [emoji, count] of Object.entries(counts)) {
      if (typeof count !== 'number') continue;
      state.lastWindow.set(emoji, count);
      state.sinceJoining.set(emoji, (state.sinceJoining.get(emoji) || 0) + count);
    }
    renderTally();
    renderWindowInfo(record);
    launchSwarm(record.scaled && typeof record.scaled === 'object' ? record.scaled : {}, counts, record);
  }

  function resetTally() {
    state.lastSeq = -1;
    state.windowsReceived = 0;
    state.lastWindow = new Map();
    state.sinceJoining = new Map();
    ui.tallyRoom.textContent = state.room;
    ui.swarmRoom.textContent = `· ${state.room}`;
    ui.windowInfo.textContent = 'No window yet.';
    renderTally();
  }

  function sum(values) {
    let total = 0;
    for (const value of values) total += value;
    return total;
  }

  function renderTally() {
    const rows = Array.from(state.sinceJoining.entries())
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const fragment = document.createDocumentFragment();
    for (const [emoji, total] of rows) {
      const row = document.createElement('tr');
      row.dataset.emoji = emoji;
      const name = document.createElement('th');
      name.scope = 'row';
      name.textContent = emoji;
      const last = document.createElement('td');
      last.className = 'last';
      last.textContent = String(state.lastWindow.get(emoji) || 0);
      const since = document.createElement('td');
      since.className = 'total';
      since.textContent = String(total);
      row.append(name, last, since);
      fragment.append(row);
    }
    ui.tallyBody.replaceChildren(fragment);
    ui.tallyLastTotal.textContent = String(sum(state.lastWindow.values()));
    ui.tallyTotal.textContent = String(sum(state.sinceJoining.values()));
  }

  function renderWindowInfo(record) {
    const seconds = Math.max(0.001, (record.window_end - record.window_start) / 1000);
    const total = typeof record.total === 'number' ? record.total : sum(state.lastWindow.values());
    const rate = total / seconds;
    const start = new Date(record.window_start).toLocaleTimeString();
    ui.windowInfo.dataset.seq = String(record.seq);
    ui.windowInfo.textContent =
      `Last window ${start} (${seconds.toFixed(1)} s): ${total} ${total === 1 ? 'reaction' : 'reactions'}, ` +
      `${rate.toFixed(rate >= 10 ? 0 : 1)}/s · ${state.windowsReceived} window(s) since joining` +
      (record.replayed ? ' · recovered' : '');
  }

  function launchSwarm(scaled, counts, record) {
    ui.swarmEmpty.hidden = true;
    if (document.hidden) return; // Animations do not run in a hidden tab; the tally still counts.
    const entries = Object.entries(scaled).filter(([, n]) => typeof n === 'number' && n > 0);
    const shown = sum(entries.map(([, n]) => n));
    if (shown === 0) return;
    const room = Math.max(0, swarmMaxOnScreen - ui.swarm.querySelectorAll('.floater').length);
    const budget = Math.min(swarmBudgetPerWindow, room);
    const factor = shown > budget ? budget / shown : 1;
    const spreadMs = Math.min(3000, Math.max(500, record.window_end - record.window_start));
    for (const [emoji, n] of entries) {
      const copies = Math.max(1, Math.round(n * factor));
      // Bigger counts also float a little bigger, so 4 ❤️ from 3785 reactions look like more than 4 😂 from 3001.
      const boost = Math.min(1.6, 1 + Math.log10(Math.max(1, counts[emoji] || n)) / 8);
      for (let i = 0; i < copies; i += 1) spawn(emoji, Math.random() * spreadMs, boost);
    }
  }

  function spawn(emoji, delayMs, boost) {
    const floater = document.createElement('span');
    floater.className = 'floater';
    floater.textContent = emoji;
    const height = ui.swarm.clientHeight || 300;
    floater.style.setProperty('--x', `${(2 + Math.random() * 90).toFixed(1)}%`);
    floater.style.setProperty('--y', `${(10 + Math.random() * 70).toFixed(1)}%`);
    floater.style.setProperty('--drift', `${Math.round(Math.random() * 80 - 40)}px`);
    floater.style.setProperty('--rise', `${Math.round(height * (0.8 + Math.random() * 0.35))}px`);
    floater.style.setProperty('--duration', `${(3.5 + Math.random() * 3).toFixed(2)}s`);
    floater.style.setProperty('--delay', `${Math.round(delayMs)}ms`);
    floater.style.setProperty('--size', `${((1.6 + Math.random() * 1.0) * boost).toFixed(2)}rem`);
    floater.addEventListener('animationend', () => floater.remove(), { once: true });
    ui.swarm.append(floater);
  }

  // ---- sending ----------------------------------------------------------------------------------------------

  async function sendEmoji(emoji) {
    const body = { emoji_type: emoji, timestamp: new Date().toISOString(), room: state.room };
    const userId = ui.clientId.value.trim();
    if (userId && !validClientId(userId)) body.user_id = userId;
    let result;
    try {
      result = await postJSON('/emoji', body);
    } catch (_) {
      ui.sendStatus.textContent = `${emoji} not sent: the gateway is unreachable.`;
      return;
    }
    if (result.ok) {
      state.sent += 1;
      ui.sendStatus.textContent = `${emoji} sent to ${state.room} · ${state.sent} sent from this page`;
    } else if (result.status === 429) {
      ui.sendStatus.textContent =
        `${emoji} not sent: too many reactions, wait ${result.retryAfter || 'a'} second(s).`;
    } else {
      ui.sendStatus.textContent = `${emoji} not sent: ${errorText(result, 'HTTP ' + result.status)}`;
    }
  }

  function setStreaming(on) {
    clearInterval(state.streamTimer);
    state.streamTimer = null;
    if (on) {
      state.streamTimer = setInterval(() => {
        sendEmoji(emojis[Math.floor(Math.random() * emojis.length)]);
      }, 1000);
    }
    ui.stream.setAttribute('aria-pressed', on ? 'true' : 'false');
    ui.stream.textContent = on ? 'Stream: on' : 'Stream: off';
  }

  // ---- rooms ------------------------------------------------------------------------------------------------

  function chooseRoom(room) {
    if (room === state.room) return;
    state.room = room;
    // A new room is a new join: its own tally, live from now (no replay of the room's past).
    resetTally();
    showRecoveryNote('', 'info');
    if (state.wantConnected && state.assignment) {
      stopConnection();
      state.failedAttempts = 0;
      connect();
    }
  }

  // ---- wiring -----------------------------------------------------------------------------------------------

  function start() {
    const requestedRoom = params.get('room');
    if (requestedRoom && roomPattern.test(requestedRoom)) {
      if (!Array.from(ui.room.options).some((option) => option.value === requestedRoom)) {
        ui.room.append(new Option(requestedRoom, requestedRoom));
      }
      ui.room.value = requestedRoom;
    }
    state.room = ui.room.value;
    let remembered = null;
    try {
      remembered = window.localStorage.getItem(storageKey);
    } catch (_) {
      remembered = null;
    }
    ui.clientId.value = params.get('client_id') || remembered || generateClientId();
    resetTally();

    ui.form.addEventListener('submit', (event) => {
      event.preventDefault();
      join();
    });
    ui.generate.addEventListener('click', () => {
      ui.clientId.value = generateClientId();
      ui.clientId.focus();
    });
    ui.leave.addEventListener('click', leave);
    ui.room.addEventListener('change', () => chooseRoom(ui.room.value));
    for (const button of emojiButtons) {
      button.addEventListener('click', () => sendEmoji(button.dataset.emoji));
    }
    ui.stream.addEventListener('click', () => setStreaming(ui.stream.getAttribute('aria-pressed') !== 'true'));
    window.addEventListener('pagehide', () => dropSocket(true));
  }

  start();
})();
