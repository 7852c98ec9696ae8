"""`tasktui serve`: the app in a browser for departments' clerks.

An aiohttp server of our own (`server`) with a login (`users`, `passwords`, `sessions`,
`limits`, `audit`) in front of textual-serve's machinery: each logged-in browser tab gets
its own `python -m tasktui --db URL --as UNIT --web` child (`child`), driven over a
websocket by textual-serve's bundled xterm.js page. The unit comes from the server's
users file, never from the request; the child gets no shell and a whitelisted
environment; on PostgreSQL it logs in as the unit's own role, so row-level security is
a second wall behind the app's policy.

Nothing here imports Textual or the store's ORM: the server only spawns the app.
"""
