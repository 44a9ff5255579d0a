#!/usr/bin/env python3
"""Hold N idle or slow-drip (slowloris) connections to a server on loopback, then time how
long a new client waits for GET PATH. Usage: slow-clients.py HOST PORT [N] [PATH] [HOLD_S].

Half the connections send nothing; the other half send a request head one byte per second
and never finish it. Prints one JSON line: connections opened and still open when the new
client was timed, the new client's status and milliseconds, and how many of the slow ones the
server had closed after HOLD_S seconds (its header/idle timeout at work)."""
import asyncio, json, sys, time

host, port = sys.argv[1], int(sys.argv[2])
n = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
path = sys.argv[4] if len(sys.argv) > 4 else "/"
hold = float(sys.argv[5]) if len(sys.argv) > 5 else 15.0

async def drip(w, stop):
    head = f"GET / HTTP/1.1\r\nHost: {host}\r\nX-Slow: " + "a" * 10000
    for ch in head:
        if stop.is_set():
            return
        try:
            w.write(ch.encode())
            await w.drain()
        except Exception:
            return
        await asyncio.sleep(1)

async def closed(r):
    try:
        return await asyncio.wait_for(r.read(1), 0.01) == b""
    except asyncio.TimeoutError:
        return False
    except Exception:
        return True

async def main():
    conns, stop = [], asyncio.Event()
    for i in range(n):
        r, w = await asyncio.open_connection(host, port)
        conns.append((r, w))
        if i % 2:
            asyncio.ensure_future(drip(w, stop))
    await asyncio.sleep(1)
    t0 = time.perf_counter()
    r, w = await asyncio.open_connection(host, port)
    w.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
    await w.drain()
    status = (await r.readline()).split()[1].decode()
    ms = (time.perf_counter() - t0) * 1000
    await r.read()
    w.close()
    await asyncio.sleep(hold)
    gone = sum([await closed(r) for r, _ in conns])
    stop.set()
    for _, w in conns:
        w.close()
    print(json.dumps({"held": n, "new_client_status": int(status), "new_client_ms": round(ms, 1),
                      "closed_by_server_after_s": hold, "closed": gone}))

asyncio.run(main())
