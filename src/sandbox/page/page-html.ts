/** The sandbox page (`GET /`, `GET /sandbox`): static; `page.js` fills it from `/sandbox/events`. */
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Insights Bot · Slack sandbox</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/sandbox/page.css">
<script type="module" src="/sandbox/page.js"></script>
</head>
<body>
<a class="skip-link" href="#composer-input">Skip to the message box</a>
<div class="app">
  <nav id="sidebar" class="sidebar" aria-label="Channels and direct messages">
    <div class="workspace">
      <span class="workspace-name">Insights Sandbox</span>
      <span class="workspace-user"><span class="presence" aria-hidden="true"></span>Sandbox User</span>
    </div>
    <h2 class="nav-heading" id="channels-heading">Channels</h2>
    <ul id="channel-list" class="channel-list" aria-labelledby="channels-heading"></ul>
    <h2 class="nav-heading" id="dms-heading">Direct messages</h2>
    <ul id="dm-list" class="channel-list" aria-labelledby="dms-heading"></ul>
    <h2 class="nav-heading" id="apps-heading">Apps</h2>
    <ul id="app-list" class="channel-list" aria-labelledby="apps-heading">
      <li><a id="home-link" href="#home" data-channel="home"><span class="dm-avatar" aria-hidden="true">IB</span><span class="channel-name">Insights Bot · Home</span></a></li>
    </ul>
    <p id="connection" class="connection" role="status">Connecting…</p>
  </nav>
  <main id="main" class="main">
    <header class="channel-header">
      <button id="nav-toggle" class="nav-toggle" type="button" aria-controls="sidebar" aria-expanded="false">
        <span aria-hidden="true">☰</span> Channels
      </button>
      <h1 id="channel-title" class="channel-title">Sandbox</h1>
      <div class="controls" role="group" aria-label="Sandbox controls">
        <button type="button" class="control" data-control="run-digest">Run digest now</button>
        <button type="button" class="control" data-control="advance-data-day">Advance a data day</button>
        <button type="button" class="control" data-control="import-sample-compliance">Import sample compliance report</button>
      </div>
    </header>
    <p id="status" class="status" role="status" aria-live="polite"></p>
    <div id="messages" class="messages" role="log" aria-labelledby="channel-title" tabindex="0">
      <p class="empty">Loading…</p>
    </div>
    <section id="home" class="home" aria-labelledby="channel-title" hidden></section>
    <form id="composer" class="composer" autocomplete="off">
      <label for="composer-input" id="composer-label" class="visually-hidden">Message</label>
      <div class="composer-box">
        <textarea id="composer-input" name="text" rows="1" aria-describedby="composer-hint"
          placeholder="Type /insights help, or /insights containers 1m" spellcheck="false"></textarea>
        <button type="submit" class="send" aria-label="Send">Send</button>
      </div>
      <p id="composer-hint" class="composer-hint">
        <kbd>Enter</kbd> sends · <kbd>Shift</kbd>+<kbd>Enter</kbd> adds a line · <kbd>↑</kbd> recalls the last command
      </p>
    </form>
  </main>
</div>
<dialog id="modal" class="modal" aria-labelledby="modal-title"></dialog>
</body>
</html>
`;
