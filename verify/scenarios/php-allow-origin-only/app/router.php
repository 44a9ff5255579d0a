<?php
// Broken on purpose: only Access-Control-Allow-Origin, and no OPTIONS branch.
header('Access-Control-Allow-Origin: *');

$path = parse_url($_SERVER['REQUEST_URI'] ?? '/', PHP_URL_PATH);
header('Content-Type: application/json');
if ($path === '/api/items') {
    echo '{"ok":true}';
    return true;
}
http_response_code(404);
echo '{"error":"not found"}';
return true;
