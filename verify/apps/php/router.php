<?php
// Front controller for the harness (php -S router): the generated cors.php is its first line,
// as the generated notes say; then authentication, then the routes.
require __DIR__ . '/cors.php';

$path = parse_url($_SERVER['REQUEST_URI'] ?? '/', PHP_URL_PATH);
header('Content-Type: application/json');
if ($path === '/api/private') {
    if (($_SERVER['HTTP_AUTHORIZATION'] ?? '') !== 'Bearer s3cret') {
        http_response_code(401);
        echo '{"error":"unauthorized"}';
        return true;
    }
    echo '{"ok":true}';
    return true;
}
if ($path === '/api/items') {
    header('X-Total-Count: 42');
    echo '{"ok":true}';
    return true;
}
if ($path === '/api/error') {
    // An unhandled error: an uncaught exception is a fatal error, which PHP answers with 500
    // when display_errors is off (Debian's php.ini; the harness also passes -d display_errors=0).
    throw new RuntimeException('boom');
}
http_response_code(404);
echo '{"error":"not found"}';
return true;
