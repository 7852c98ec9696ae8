"""The aiohttp application behind `tasktui serve`.

Routes (all relative to the public origin's root):

    GET  /login          the login form            POST /login   user, password
    POST /logout         ends the session          GET  /        the app page (or → /login)
    GET  /ws             the app's websocket       GET  /download/KEY   a file the app delivered
    GET  /static/…       textual-serve's bundled xterm.js, css and fonts

Every POST and the websocket must carry an Origin header equal to the configured public
origin (403 otherwise): a page elsewhere cannot log a clerk out, log them in as someone
else, or drive their app. Without a session `/` redirects to the login page and `/ws`
and downloads answer 403; a download is served only to the session whose app made it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import textual_serve
from aiohttp import WSMsgType, web
from textual_serve.download_manager import DownloadManager

from tasktui.web import pages, passwords, users
from tasktui.web.audit import AuditLog
from tasktui.web.child import Child, ChildSettings, child_argv, child_env, clamp_size, make_home
from tasktui.web.sessions import LoginLimiter, Session, SessionTable

log = logging.getLogger("tasktui.web")

COOKIE = "tasktui_session"
# Over https the name carries the __Host- prefix: browsers then accept the cookie only
# when Secure, for Path=/ and with no Domain, so a sibling subdomain cannot plant or
# overwrite a session cookie for this origin. (Plain http cannot use the prefix.)
SECURE_COOKIE = "__Host-" + COOKIE
STATIC = Path(textual_serve.__file__ or "").resolve().parent / "static"
MAX_FRAME = 64 * 1024  # one websocket message from the browser: keys and resizes are tiny
MAX_FORM = 16 * 1024  # the login form
SESSIONS_KEY: web.AppKey[WebServer] = web.AppKey("tasktui_server")


@dataclass(frozen=True)
class ServeConfig:
    db_url: str  # the store as the office reaches it (SQLite: absolute path)
    users_path: Path
    public_origin: str  # scheme://host[:port], exactly as the browser's Origin header says it
    host: str = "127.0.0.1"
    port: int = 8000
    per_user: int = 2  # app processes one login may run at once (tabs)
    total: int = 60  # app processes in all (benchmarks/serve_sessions.py: ~80 MB each)
    idle: float = 30 * 60
    maximum: float = 8 * 3600
    login_per_user: int = 5  # failed logins per (user, address) in `login_window`, then 429
    login_per_address: int = 20  # failed logins per address in `login_window`, then 429
    login_window: float = 15 * 60
    heartbeat: float = 10.0  # websocket ping interval; no pong in half of it ends the session's app
    sweep_every: float = 1.0
    trusted_proxy: str | None = None  # a reverse proxy's address: X-Forwarded-For names the client
    child: ChildSettings = field(default_factory=ChildSettings)

    @property
    def secure(self) -> bool:
        return self.public_origin.startswith("https://")


def child_db_url(db_url: str, role: str | None) -> str:
    """The store's URL for a child: on PostgreSQL with the unit's role as the login and no
    password anywhere in it (libpq reads it from the server's PGPASSFILE); SQLite as is."""
    if not db_url.startswith("postgresql"):
        return db_url
    parts = urlsplit(db_url)
    userinfo, _, hostport = parts.netloc.rpartition("@")
    login = role if role is not None else userinfo.partition(":")[0]
    netloc = f"{quote(login, safe='')}@{hostport}" if login else hostport
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in ("password", "user")]
    return urlunsplit((parts.scheme, netloc, parts.path, urlencode(query), parts.fragment))


class WebServer:
    def __init__(
        self,
        config: ServeConfig,
        *,
        now: Callable[[], datetime],
        clock: Callable[[], float],
        server_env: dict[str, str] | None = None,
    ) -> None:
        self.config = config
        self.clock = clock
        self.sessions = SessionTable(idle=config.idle, maximum=config.maximum, clock=clock)
        self.limiter = LoginLimiter(
            per_user=config.login_per_user,
            per_address=config.login_per_address,
            window=config.login_window,
            clock=clock,
        )
        self.audit = AuditLog(users.audit_path(config.users_path), now)
        self.downloads = DownloadManager()
        self.cookie = SECURE_COOKIE if config.secure else COOKIE
        self.server_env = dict(os.environ if server_env is None else server_env)
        self._users: dict[str, users.WebUser] = {}
        self._users_stamp: tuple[int, ...] | None = None
        self._sweeper: asyncio.Task[None] | None = None

    # ---- users -------------------------------------------------------------------------

    def current_users(self) -> dict[str, users.WebUser]:
        """The users file as it is now: re-read when it changed, so `serve user add/remove/
        passwd` take effect without a restart. A file that became unusable keeps nobody."""
        try:
            st = self.config.users_path.stat()
            # Not only mtime and size: a chmod changes neither (a file made readable to others
            # must be refused at once), and `serve user passwd` writes the same size, maybe
            # within one tick of a coarse clock; its rename gives a new inode and ctime.
            stamp = (st.st_ino, st.st_dev, st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_mode)
        except OSError:
            stamp = None
        if stamp != self._users_stamp:
            try:
                self._users = users.load(self.config.users_path)
            except users.UsersFileError as exc:
                log.error("%s", exc)
                self._users = {}
            self._users_stamp = stamp
        return self._users

    # ---- the application ---------------------------------------------------------------

    def make_app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_FORM, middlewares=[self._headers])
        app[SESSIONS_KEY] = self
        app.add_routes(
            [
                web.get("/", self.index),
                web.get("/login", self.login_form),
                web.post("/login", self.login),
                web.post("/logout", self.logout),
                web.get("/ws", self.websocket),
                web.get("/download/{key}", self.download),
                web.get("/favicon.ico", self.favicon),
                web.static("/static", STATIC, show_index=False, follow_symlinks=False),
            ]
        )
        app.on_startup.append(self._start)
        app.on_shutdown.append(self._shutdown)
        return app

    @web.middleware
    async def _headers(self, request: web.Request, handler: Callable[..., object]) -> web.StreamResponse:
        response: web.StreamResponse = await handler(request)  # type: ignore[misc]
        if not response.prepared:
            nonce = request.get("nonce", "")
            response.headers.setdefault(
                "Content-Security-Policy",
                "default-src 'self'; script-src 'self'"
                + (f" 'nonce-{nonce}'" if nonce else "")
                + "; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
                "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
            )
            response.headers.setdefault("X-Content-Type-Options", "nosniff")
            # same-origin, not no-referrer: under no-referrer Chromium sends `Origin: null` with
            # a form POST, and the Origin check would refuse every login.
            response.headers.setdefault("Referrer-Policy", "same-origin")
            response.headers.setdefault("X-Frame-Options", "DENY")
            if not request.path.startswith("/static/"):
                response.headers.setdefault("Cache-Control", "no-store")
        return response

    async def _start(self, app: web.Application) -> None:
        self._sweeper = asyncio.create_task(self._sweep_forever())

    async def _shutdown(self, app: web.Application) -> None:
        if self._sweeper is not None:
            self._sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sweeper
        await asyncio.gather(*(self.end_session(s, "shutdown") for s in self.sessions.all()))

    # ---- helpers -----------------------------------------------------------------------

    def address(self, request: web.Request) -> str:
        remote = request.remote or "?"
        proxy = self.config.trusted_proxy
        if proxy is not None and remote == proxy:
            forwarded = request.headers.get("X-Forwarded-For", "")
            last = forwarded.split(",")[-1].strip()
            if last:
                return last[:64]
        return remote

    def origin_ok(self, request: web.Request) -> bool:
        return request.headers.get("Origin") == self.config.public_origin

    def session_of(self, request: web.Request) -> Session | None:
        return self.sessions.get(request.cookies.get(self.cookie))

    def _refuse(self, status: int, heading: str, text: str) -> web.Response:
        return web.Response(status=status, text=pages.message_page(heading, text), content_type="text/html")

    def _bad_origin(self) -> web.Response:
        return self._refuse(403, "来源不符", f"请从 {self.config.public_origin} 打开督办事项。")

    async def end_session(self, session: Session, reason: str) -> None:
        """End `session`: its app processes quit (or are killed) and its token is void."""
        self.sessions.remove(session)
        children = list(session.children)
        for child in children:
            websocket = getattr(child, "websocket", None)
            if websocket is not None:
                with contextlib.suppress(Exception):
                    await websocket.close()
        await asyncio.gather(*(child.stop() for child in children), return_exceptions=True)
        session.children.clear()
        if reason != "logout":
            self.audit.write("session_end", user=session.user, unit=session.unit, reason=reason)

    async def _sweep_forever(self) -> None:
        while True:
            await asyncio.sleep(self.config.sweep_every)
            try:
                await self.sweep()
            except Exception:  # the sweeper must outlive one bad round
                log.exception("sweep failed")

    async def sweep(self) -> None:
        """End expired sessions, and those whose user was removed or changed (unit, role,
        password) in the users file since they logged in."""
        for session in self.sessions.sweep():
            await self.end_session(session, "expired")
        known = self.current_users()
        for session in self.sessions.all():
            user = known.get(session.user)
            if user is None or user.unit != session.unit or user.hash != session.password_hash:
                await self.end_session(session, "user_changed")

    # ---- pages -------------------------------------------------------------------------

    async def index(self, request: web.Request) -> web.Response:
        session = self.session_of(request)
        if session is None:
            raise web.HTTPFound("login")
        self.sessions.touch(session)
        nonce = secrets.token_urlsafe(16)
        request["nonce"] = nonce
        return web.Response(text=pages.app_page(session.user, session.unit, nonce), content_type="text/html")

    async def favicon(self, request: web.Request) -> web.Response:
        return web.Response(status=204)  # none: a browser asks on every page

    async def login_form(self, request: web.Request) -> web.Response:
        if self.session_of(request) is not None:
            raise web.HTTPFound("./")
        return web.Response(text=pages.login_page(), content_type="text/html")

    async def login(self, request: web.Request) -> web.Response:
        if not self.origin_ok(request):
            return self._bad_origin()
        try:
            form = await request.post()
        except (ValueError, web.HTTPException):
            return web.Response(status=400, text=pages.login_page("请求无效"), content_type="text/html")
        name = str(form.get("user", ""))[:128].strip()
        password = str(form.get("password", ""))
        address = self.address(request)
        if self.limiter.blocked(name, address):
            self.audit.write("login_refused", user=name, address=address, reason="rate_limit")
            return web.Response(
                status=429,
                text=pages.login_page("登录失败次数过多，请 15 分钟后再试"),
                content_type="text/html",
                headers={"Retry-After": str(int(self.config.login_window))},
            )
        # Counted before the check, which awaits: guesses sent at once are counted at once.
        self.limiter.failed(name, address)
        user = self.current_users().get(name)
        # The same scrypt work whether or not the user exists: the answer and its timing
        # do not tell which user names are real.
        stored = user.hash if user is not None else passwords.DUMMY
        ok = await asyncio.get_running_loop().run_in_executor(None, passwords.verify, password, stored)
        if user is None or not ok:
            self.audit.write("login_failed", user=name, address=address)
            return web.Response(status=401, text=pages.login_page("用户名或密码不正确"), content_type="text/html")
        self.limiter.succeeded(name, address)
        session = self.sessions.create(user.name, user.unit, address, user.hash)
        self.audit.write("login", user=user.name, unit=user.unit, address=address)
        response = web.HTTPSeeOther("./")
        response.set_cookie(
            self.cookie,
            session.token,
            httponly=True,
            samesite="Strict",
            secure=self.config.secure,
            path="/",
            max_age=int(self.config.maximum),
        )
        raise response

    async def logout(self, request: web.Request) -> web.Response:
        if not self.origin_ok(request):
            return self._bad_origin()
        session = self.session_of(request)
        if session is not None:
            self.audit.write("logout", user=session.user, unit=session.unit, address=self.address(request))
            await self.end_session(session, "logout")
        response = web.HTTPSeeOther("login")
        response.del_cookie(self.cookie, path="/", secure=self.config.secure)
        raise response

    # ---- the app -----------------------------------------------------------------------

    async def websocket(self, request: web.Request) -> web.StreamResponse:
        session = self.session_of(request)
        if session is None:
            return self._refuse(403, "未登录", "请先登录。")
        if not self.origin_ok(request):
            return self._bad_origin()
        user = self.current_users().get(session.user)
        if user is None:
            await self.end_session(session, "user_changed")
            return self._refuse(403, "未登录", "账号已被删除或更改，请重新登录。")
        if self.sessions.children_of_user(session.user) >= self.config.per_user:
            return self._refuse(
                503, "打开的窗口过多", f"每个账号最多同时打开 {self.config.per_user} 个窗口，请关闭其他窗口后重试。"
            )
        if self.sessions.children_total() >= self.config.total:
            return self._refuse(503, "服务器忙", "同时在线的人数已满，请稍后再试。")
        self.sessions.touch(session)
        width, height = clamp_size(request.query.get("width"), request.query.get("height"))
        websocket = web.WebSocketResponse(heartbeat=self.config.heartbeat, max_msg_size=MAX_FRAME)
        home = make_home(self.config.child)
        argv = child_argv(child_db_url(self.config.db_url, user.role), user.unit)
        child = Child(
            argv,
            child_env(self.config.child, user.name, home, width, height, self.server_env),
            home,
            session,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.downloads,
        )
        child.websocket = websocket  # type: ignore[attr-defined]
        session.children.add(child)
        try:
            await websocket.prepare(request)
            await child.start(width, height)
            self.audit.write("app_start", user=session.user, unit=session.unit, pid=child.pid)
            await self._relay(websocket, child, session)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("websocket session failed")
        finally:
            session.children.discard(child)
            with contextlib.suppress(Exception):
                await websocket.close()
            await child.stop()
            if child.pid is not None:
                self.audit.write("app_end", user=session.user, unit=session.unit, pid=child.pid)
        return websocket

    async def _relay(self, websocket: web.WebSocketResponse, child: Child, session: Session) -> None:
        """The browser's messages to the child: keys, size, focus; a ping is answered here.
        A malformed message ends the connection (the stock server asserted)."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
            except (ValueError, RecursionError):  # "[[[[…" within the frame limit recurses
                break
            if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
                break
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(data, str):
                self.sessions.touch(session)
                await child.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                self.sessions.touch(session)
                await child.set_terminal_size(data.get("width"), data.get("height"))  # type: ignore[arg-type]
            elif kind == "ping" and isinstance(data, str):
                await websocket.send_json(["pong", data[:32]])
            elif kind == "blur":
                await child.blur()
            elif kind == "focus":
                await child.focus()

    async def download(self, request: web.Request) -> web.StreamResponse:
        session = self.session_of(request)
        if session is None:
            return self._refuse(403, "未登录", "请先登录。")
        key = request.match_info["key"]
        try:
            meta = await self.downloads.get_download_metadata(key)
        except KeyError:
            return self._refuse(404, "没有这个文件", "文件已下载过或已过期，请在督办事项中重新生成。")
        owner: Session | None = getattr(meta.app_service, "session", None)
        if owner is not session:
            return self._refuse(403, "无权下载", "这个文件不是你的会话生成的。")
        self.sessions.touch(session)
        name = Path(meta.file_name).name or "download"
        ascii_name = "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "_" for c in name)
        response = web.StreamResponse(
            headers={
                "Content-Type": meta.mime_type + (f"; charset={meta.encoding}" if meta.encoding else ""),
                # Always an attachment: a delivered HTML report never runs as a page of this origin.
                "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}",
                "X-Content-Type-Options": "nosniff",
                "Cache-Control": "no-store",
            }
        )
        await response.prepare(request)
        async for chunk in self.downloads.download(key):
            await response.write(chunk)
        await response.write_eof()
        return response


__all__ = ["COOKIE", "SECURE_COOKIE", "ServeConfig", "WebServer", "child_db_url"]
