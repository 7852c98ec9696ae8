"""The server's two pages: the login form and the app page around textual-serve's
terminal. Every URL in them is relative and every file they load is served here (no
web font host: a network that drops outside traffic stalled the stock page 30 s).
Scripts carry the response's CSP nonce; user data is HTML-escaped.
"""

from __future__ import annotations

from html import escape

TITLE = "督办事项"

_LOGIN = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>登录 · {title}</title>
<style>
  body {{ margin: 0; min-height: 100vh; display: flex; align-items: center; justify-content: center;
         background: #0c181f; color: #e8eef2; font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; }}
  form {{ background: #12232d; padding: 32px 40px; width: 320px; border-radius: 6px; }}
  h1 {{ font-size: 22px; margin: 0 0 20px; }}
  label {{ display: block; margin: 14px 0 6px; }}
  input {{ width: 100%; box-sizing: border-box; padding: 8px; font-size: 16px; border: 1px solid #3b5566;
          background: #0c181f; color: #e8eef2; border-radius: 4px; }}
  button {{ margin-top: 22px; width: 100%; padding: 10px; font-size: 16px; border: none; border-radius: 4px;
           background: #2f6f95; color: #fff; cursor: pointer; }}
  .error {{ color: #ff8a80; margin: 0 0 8px; }}
  .hint {{ color: #8fa7b5; font-size: 13px; margin-top: 16px; }}
</style>
</head>
<body>
<form method="post" action="login" autocomplete="on">
  <h1>{title}</h1>
  {error}
  <label for="user">用户名</label>
  <input id="user" name="user" autocomplete="username" maxlength="64" required autofocus>
  <label for="password">密码</label>
  <input id="password" name="password" type="password" autocomplete="current-password" maxlength="1024" required>
  <button type="submit">登录</button>
  <p class="hint">账号由督查室开设；忘记密码请联系督查室重置。</p>
</form>
</body>
</html>
"""


def login_page(error: str = "") -> str:
    """The form; a failed login gets the same page whether the name or the password was
    wrong (the typed name is not echoed either, so the two answers are byte-identical)."""
    box = f'<p class="error" role="alert">{escape(error)}</p>' if error else ""
    return _LOGIN.format(title=TITLE, error=box)


def message_page(heading: str, text: str) -> str:
    """A plain page for refusals a browser may show (403, 429, 503)."""
    return (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(heading)}</title></head>'
        f'<body style="font-family: sans-serif; margin: 40px"><h1>{escape(heading)}</h1><p>{escape(text)}</p>'
        '<p><a href="login">返回登录页</a></p></body></html>'
    )


_APP = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{title} · {who}</title>
<link rel="stylesheet" href="static/css/xterm.css">
<style>
  @font-face {{ font-family: "Roboto Mono"; src: url("static/fonts/RobotoMono-VariableFont_wght.ttf"); }}
  html, body {{ margin: 0; padding: 0; height: 100%; background: #0c181f; overflow: hidden; }}
  #bar {{ position: absolute; top: 0; left: 0; right: 0; height: 28px; display: flex; align-items: center;
         gap: 12px; padding: 0 10px; background: #12232d; color: #e8eef2; font: 14px sans-serif; }}
  #bar .who {{ flex: 1; }}
  #bar button {{ background: #2f6f95; color: #fff; border: none; border-radius: 3px; padding: 3px 10px;
                cursor: pointer; }}
  #terminal {{ position: absolute; top: 28px; left: 0; right: 0; bottom: 0; width: auto; height: auto; }}
  #ended {{ display: none; position: absolute; inset: 28px 0 0 0; align-items: center; justify-content: center;
           color: #e8eef2; font: 16px sans-serif; background: rgba(12, 24, 31, 0.92); flex-direction: column;
           gap: 16px; }}
  body.-closed #ended {{ display: flex; }}
  #ended button {{ padding: 8px 24px; font-size: 15px; }}
</style>
<script src="static/js/textual.js"></script>
</head>
<body>
<div id="bar">
  <span class="who">{title} · {who}</span>
  <form method="post" action="logout"><button type="submit" id="logout">退出登录</button></form>
</div>
<div id="terminal" class="textual-terminal" data-font-size="{font_size}"></div>
<div id="ended"><div>会话已结束。</div><button type="button" id="restart">重新打开</button></div>
<script nonce="{nonce}">
  // textual.js connects when the page has loaded: give it this page's own websocket
  // address (ws: or wss: as the page came), so nothing in the page names a host.
  (function () {{
    var scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    var base = window.location.pathname.replace(/[^/]*$/, "");
    var terminal = document.getElementById("terminal");
    terminal.dataset.sessionWebsocketUrl = scheme + "//" + window.location.host + base + "ws";
    document.getElementById("restart").addEventListener("click", function () {{ window.location.reload(); }});
    // A delivered file (周报…) is a download of this origin: save it, do not open a blank tab.
    var open = window.open.bind(window);
    window.open = function (url, target) {{
      var u = new URL(url, window.location.href);
      // textual.js names /download/KEY at the origin's root; behind a proxy's prefix it is base + download/KEY.
      if (u.origin === window.location.origin && u.pathname.indexOf("/download/") === 0) {{
        var a = document.createElement("a");
        a.href = base + u.pathname.slice(1) + u.search;
        a.download = "";
        document.body.appendChild(a);
        a.click();
        a.remove();
        return null;
      }}
      return null;  // the app opens no other address
    }};
  }})();
</script>
</body>
</html>
"""


def app_page(user: str, unit: str | None, nonce: str, font_size: int = 16) -> str:
    who = f"{user}（{unit or '督查室'}）"
    return _APP.format(title=TITLE, who=escape(who), nonce=nonce, font_size=font_size)


__all__ = ["app_page", "login_page", "message_page"]
