-- The bearer-token check: 401 unless `Authorization: Bearer s3cret`.
function check(r)
    if r.headers_in['Authorization'] == 'Bearer s3cret' then
        return apache2.OK
    end
    return 401
end
