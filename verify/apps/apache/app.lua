-- The application behind the front virtual host (every method).
function items(r)
    r.content_type = "application/json"
    r.headers_out["X-Total-Count"] = "42"
    r:puts('{"ok":true}')
    return apache2.OK
end

function private(r)
    r.content_type = "application/json"
    r:puts('{"ok":true}')
    return apache2.OK
end

-- An unhandled Lua error: mod_lua answers it with Apache's own 500.
function crash(r)
    error("boom")
end
