"""Reports and digests: figures against the movement's targets, and their renderings.

`figures` computes (from counts SQL has already aggregated), `message`, `xlsx`, `chart`
and `annual` render, `service` answers /baocao, `worker` makes the files in the
background, `digest` builds the police chats' digests.
"""
