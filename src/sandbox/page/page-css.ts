/** The sandbox page's styles (`GET /sandbox/page.css`): Slack-like, system fonts only, no assets. */
export const PAGE_CSS = `
:root {
  --aubergine: #3f0e40;
  --aubergine-dark: #350d36;
  --aubergine-border: #5d2c5d;
  --sidebar-text: #e6d9e6;
  --sidebar-muted: #c3b2c3;
  --active: #1164a3;
  --text: #1d1c1d;
  --muted: #616061;
  --border: #dddddd;
  --hover: #f8f8f8;
  --link: #1264a3;
  --green: #007a5a;
  --red: #e01e5a;
  --focus: #1d9bd1;
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans",
    "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji", sans-serif;
  font-size: 15px;
  line-height: 1.46;
  color: var(--text);
}
* { box-sizing: border-box; }
html, body { height: 100%; margin: 0; }
body { background: #fff; }
button, textarea { font: inherit; color: inherit; }
:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
.visually-hidden {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
.skip-link { position: absolute; left: 8px; top: -40px; z-index: 10; background: #fff; padding: 6px 10px; }
.skip-link:focus { top: 8px; }

.app { display: grid; grid-template-columns: 260px minmax(0, 1fr); height: 100vh; height: 100dvh; }

/* Sidebar */
.sidebar {
  background: var(--aubergine); color: var(--sidebar-text); overflow-y: auto; padding-bottom: 12px;
  display: flex; flex-direction: column;
}
.workspace {
  display: flex; flex-direction: column; padding: 12px 16px; border-bottom: 1px solid var(--aubergine-border);
}
.workspace-name { font-weight: 900; font-size: 18px; color: #fff; }
.workspace-user { font-size: 13px; color: var(--sidebar-muted); display: flex; align-items: center; gap: 6px; }
.presence { width: 9px; height: 9px; border-radius: 50%; background: #2bac76; display: inline-block; }
.nav-heading {
  font-size: 14px; font-weight: 600; color: var(--sidebar-muted); margin: 16px 16px 4px;
}
.channel-list { list-style: none; margin: 0; padding: 0 8px; }
.channel-list a {
  display: flex; align-items: center; gap: 8px; padding: 4px 12px; border-radius: 6px;
  color: var(--sidebar-text); text-decoration: none; min-height: 30px;
}
.channel-list a:hover { background: var(--aubergine-dark); }
.channel-list a[aria-current="page"] { background: var(--active); color: #fff; }
.channel-list a.unread { color: #fff; font-weight: 800; }
.channel-list a:focus-visible { outline-color: #fff; outline-offset: -2px; }
.channel-prefix { width: 16px; text-align: center; opacity: .8; flex: none; }
.dm-avatar {
  width: 20px; height: 20px; border-radius: 4px; background: #2eb67d; color: #fff; font-size: 10px;
  font-weight: 700; display: inline-flex; align-items: center; justify-content: center; flex: none;
}
.unread-dot { margin-left: auto; width: 8px; height: 8px; border-radius: 50%; background: #fff; }
.connection { margin: auto 16px 0; padding-top: 16px; font-size: 12px; color: var(--sidebar-muted); }
.connection.offline { color: #ffb3c6; }

/* Main pane */
.main { display: flex; flex-direction: column; min-height: 0; min-width: 0; }
.channel-header {
  display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; padding: 10px 20px;
  border-bottom: 1px solid var(--border);
}
.channel-title { font-size: 18px; font-weight: 900; margin: 0; flex: 1 1 auto; }
.nav-toggle { display: none; }
.controls { display: flex; flex-wrap: wrap; gap: 6px; }
.control, .nav-toggle {
  border: 1px solid #bbb; background: #fff; border-radius: 6px; padding: 4px 10px; font-size: 13px;
  font-weight: 700; cursor: pointer; min-height: 30px;
}
.control:hover, .nav-toggle:hover { background: var(--hover); }
.control[aria-busy="true"] { opacity: .6; cursor: progress; }
.status {
  margin: 0; padding: 6px 20px; font-size: 13px; color: var(--muted); background: #f4ede4;
  border-bottom: 1px solid #eadfcf;
}
.status:empty { display: none; }
.status.error { background: #fde8ee; color: #8c0b32; }

.messages { flex: 1; overflow-y: auto; padding: 12px 0 8px; }
.messages:focus-visible { outline-offset: -2px; }
.empty { color: var(--muted); padding: 24px 20px; margin: 0; }

.msg { padding: 6px 20px; }
.msg:hover { background: var(--hover); }
.msg-row { display: flex; gap: 10px; align-items: flex-start; }
.msg.ephemeral > .msg-row { background: #f4f6fa; border-radius: 6px; padding: 6px; margin: 0 -6px; }
.avatar {
  width: 36px; height: 36px; border-radius: 6px; flex: none; display: flex; align-items: center;
  justify-content: center; color: #fff; font-weight: 700; font-size: 14px; margin-top: 2px;
}
.tone-0 { background: #4a154b; } .tone-1 { background: #1264a3; } .tone-2 { background: #2eb67d; }
.tone-3 { background: #c2185b; } .tone-4 { background: #b45f06; } .tone-5 { background: #455a64; }
.msg-main { min-width: 0; flex: 1; }
.msg-meta { display: flex; align-items: baseline; gap: 6px; flex-wrap: wrap; }
.msg-author { font-weight: 900; }
.badge {
  font-size: 10px; font-weight: 700; color: var(--muted); background: #e8e8e8; border-radius: 3px; padding: 0 3px;
}
.msg-meta time, .edited { font-size: 12px; color: var(--muted); }
.ephemeral-note { font-size: 12px; color: var(--muted); }
.msg-content { overflow-wrap: anywhere; }
.msg-content a, .bk-context a { color: var(--link); }
.mention { background: #e8f5fa; color: var(--link); border-radius: 3px; padding: 0 2px; }
code {
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; color: #c01343;
  background: #f6f6f6; border: 1px solid #e3e3e3; border-radius: 3px; padding: 1px 3px;
}
.mk-pre {
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; background: #f8f8f8;
  border: 1px solid #e3e3e3; border-radius: 4px; padding: 8px; white-space: pre-wrap; margin: 4px 0;
}
.mk-quote { display: inline-block; border-left: 4px solid #ddd; padding-left: 10px; }

/* Block Kit */
.bk-header { font-size: 18px; font-weight: 900; margin: 4px 0; }
.bk-section { display: flex; gap: 12px; margin: 4px 0; }
.bk-section-body { flex: 1; min-width: 0; }
.bk-fields { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 8px 16px; margin-top: 4px; }
.bk-accessory { flex: none; }
.bk-accessory-image { width: 88px; height: 88px; object-fit: cover; border-radius: 6px; }
.bk-context {
  display: flex; flex-wrap: wrap; align-items: center; gap: 6px; font-size: 12px; color: var(--muted);
  margin: 4px 0;
}
.bk-context-image { width: 20px; height: 20px; border-radius: 4px; }
.bk-divider { border: 0; border-top: 1px solid var(--border); margin: 8px 0; }
.bk-image, .file-image { margin: 6px 0; }
.bk-image figcaption, .file-image figcaption { font-size: 13px; color: var(--muted); margin-bottom: 4px; }
.bk-image-img, .file-image img {
  display: block; max-width: min(100%, 720px); height: auto; border: 1px solid var(--border); border-radius: 8px;
}
.bk-actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0 4px; }
.bk-btn {
  display: inline-flex; align-items: center; min-height: 28px; padding: 0 12px; border-radius: 4px;
  border: 1px solid rgba(29, 28, 29, .3); background: #fff; color: var(--text); font-size: 13px;
  font-weight: 700; text-decoration: none; cursor: pointer;
}
.bk-btn:hover { background: var(--hover); box-shadow: 0 1px 3px rgba(0, 0, 0, .08); }
.bk-btn-primary { background: var(--green); border-color: var(--green); color: #fff; }
.bk-btn-primary:hover { background: #148567; }
.bk-btn-danger { background: var(--red); border-color: var(--red); color: #fff; }
.bk-btn-danger:hover { background: #e23067; }
.bk-btn[disabled] { opacity: .55; cursor: default; }
.bk-btn[aria-busy="true"] { cursor: progress; }
.bk-unsupported { font-size: 12px; color: var(--muted); font-style: italic; }
.attachment { border-left: 4px solid #ddd; padding-left: 12px; margin: 4px 0; }
.file-card {
  display: inline-flex; align-items: center; gap: 10px; border: 1px solid var(--border); border-radius: 8px;
  padding: 8px 12px; margin: 6px 0; color: var(--text); text-decoration: none; max-width: 100%;
}
.file-card:hover { background: var(--hover); }
.file-icon {
  background: #2eb67d; color: #fff; font-size: 11px; font-weight: 800; border-radius: 4px; padding: 6px 4px;
}
.file-title { font-weight: 700; overflow-wrap: anywhere; }
.file-action { font-size: 12px; color: var(--link); }

/* Threads */
.thread { margin: 4px 0 4px 46px; border-left: 2px solid #e3e3e3; padding-left: 8px; }
.thread-label { font-size: 12px; font-weight: 700; color: var(--link); margin: 2px 0; }
.thread .msg { padding: 4px 8px; }
.thread .avatar { width: 26px; height: 26px; font-size: 11px; }

/* Composer */
.composer { padding: 0 20px 12px; }
.composer-box {
  display: flex; align-items: flex-end; gap: 8px; border: 1px solid #bbb; border-radius: 8px; padding: 6px 6px 6px 12px;
}
.composer-box:focus-within { border-color: #868686; box-shadow: 0 0 0 1px #868686; }
.composer textarea {
  flex: 1; border: 0; resize: none; outline: none; min-height: 24px; max-height: 160px; padding: 4px 0;
  background: transparent;
}
.send {
  border: 0; border-radius: 4px; background: var(--green); color: #fff; font-weight: 700; padding: 4px 12px;
  min-height: 30px; cursor: pointer;
}
.send:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
.composer-hint { margin: 4px 2px 0; font-size: 12px; color: var(--muted); }
kbd {
  font-family: inherit; font-size: 11px; border: 1px solid #ccc; border-bottom-width: 2px; border-radius: 3px;
  padding: 0 3px; background: #fafafa;
}

/* App Home (the bot's Home tab) and its modals */
.home { flex: 1; overflow-y: auto; padding: 16px 20px 24px; }
.home[hidden], .messages[hidden], .composer[hidden] { display: none; }
.home-view { max-width: 860px; }
.home-view .bk-image-img { max-width: 100%; max-height: 420px; }
.modal { border: 0; border-radius: 10px; padding: 0; width: min(520px, 94vw); box-shadow: 0 12px 40px rgba(0, 0, 0, .35); }
.modal::backdrop { background: rgba(29, 28, 29, .55); }
.modal-form { display: flex; flex-direction: column; max-height: 85vh; }
.modal-title { font-size: 20px; font-weight: 900; margin: 0; padding: 16px 20px; border-bottom: 1px solid var(--border); }
.modal-body { padding: 12px 20px; overflow-y: auto; }
.modal-actions { display: flex; justify-content: flex-end; gap: 8px; padding: 12px 20px; border-top: 1px solid var(--border); }
.field { margin: 0 0 14px; display: flex; flex-direction: column; gap: 4px; }
.field label { font-weight: 700; }
.field .optional { font-weight: 400; color: var(--muted); }
.field select, .field input { font: inherit; padding: 6px 8px; border: 1px solid #868686; border-radius: 6px; min-height: 36px; }
.field-hint { margin: 0; font-size: 13px; color: var(--muted); }
.field-error { margin: 0; font-size: 13px; color: #8c0b32; }
.field-error:empty { display: none; }

/* Narrow windows: the sidebar becomes a drawer opened by the Channels button. */
@media (max-width: 700px) {
  .app { grid-template-columns: minmax(0, 1fr); }
  .sidebar {
    position: fixed; inset: 0 auto 0 0; width: min(280px, 85vw); z-index: 5; transform: translateX(-100%);
    visibility: hidden; box-shadow: 0 0 24px rgba(0, 0, 0, .35);
  }
  body.nav-open .sidebar { transform: none; visibility: visible; }
  .nav-toggle { display: inline-flex; align-items: center; gap: 6px; }
  .channel-header { padding: 8px 12px; }
  .msg { padding: 6px 12px; }
  .composer { padding: 0 12px 10px; }
  .bk-fields { grid-template-columns: minmax(0, 1fr); }
  .thread { margin-left: 16px; }
  .composer-hint { display: none; }
}
@media (prefers-reduced-motion: no-preference) {
  .sidebar { transition: transform .15s ease-out, visibility .15s; }
}
`;
