"""`gongbao ingest` / `gongbao export`: the store. (Filled in by the store stage.)"""
