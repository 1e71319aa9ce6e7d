"""The police and admin web workspace: a surface over the bot's services, like handlers/.

Pages parse a request, call a service in `bot/services/` and render a template; no rule
and no SQL here. Served by the bot's own aiohttp stack (`web/server.py`).
"""
