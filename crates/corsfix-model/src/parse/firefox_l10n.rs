//! Firefox's CORS console messages in every language corsfix reads, copied verbatim from
//! Firefox's own locale files (`dom/chrome/security/security.properties`, the `CORS*` keys),
//! each with the repository, commit and path it was copied from. `%1$S` is the URL; `%2$S`
//! is the key's parameter (a header value, token or name) or, for the keys ending in a status
//! (`CORSDidNotSucceed2`, `CORSMissingAllowOrigin2`, `CORSPreflightDidNotSucceed3`), the
//! HTTP status (`(null)` when there was no response).
//!
//! Older keys are kept next to the current ones: a localized Firefox of a few years ago
//! prints `CORSMissingAllowOrigin` (no status), `CORSPreflightDidNotSucceed` ("preflight
//! channel"), `CORSMissingAllowHeaderFromPreflight` ("missing token"), and people still paste
//! those. The English ones before the status codes were added are MDN's page titles for each
//! reason (`mdn/content`, `files/en-us/web/http/guides/cors/errors/<key>/index.md`), which
//! quote the reason as Firefox printed it.

/// One locale's messages: `(key, template)`.
pub(super) struct Locale {
    /// The locale code (`de`, `pt-BR`, …).
    pub locale: &'static str,
    /// Where the templates were copied from.
    pub source: &'static str,
    pub messages: &'static [(&'static str, &'static str)],
}

pub(super) const LOCALES: &[Locale] = &[
    Locale {
        locale: "en-US",
        source: "mozilla/gecko-dev@5f378c92 dom/locales/en-US/chrome/security/security.properties (shared/reference/browser-cors.md §3.1)",
        messages: &[
            (
                "CORSDisabled",
                r"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS disabled).",
            ),
            (
                "CORSDidNotSucceed2",
                r"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS request did not succeed). Status code: %2$S.",
            ),
            (
                "CORSOriginHeaderNotAdded",
                r"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS header ‘Origin’ cannot be added).",
            ),
            (
                "CORSExternalRedirectNotAllowed",
                r"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS request external redirect not allowed).",
            ),
            (
                "CORSRequestNotHttp",
                r"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS request not http).",
            ),
            (
                "CORSMissingAllowOrigin2",
                r"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: %2$S.",
            ),
            (
                "CORSMultipleAllowOriginNotAllowed",
                r"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).",
            ),
            (
                "CORSAllowOriginNotMatchingOrigin",
                r"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘%2$S’).",
            ),
            (
                "CORSNotSupportingCredentials",
                r"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ‘%1$S’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).",
            ),
            (
                "CORSMethodNotFound",
                r"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’).",
            ),
            (
                "CORSMissingAllowCredentials",
                r"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’).",
            ),
            (
                "CORSPreflightDidNotSucceed3",
                r"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS preflight response did not succeed). Status code: %2$S.",
            ),
            (
                "CORSInvalidAllowMethod",
                r"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: invalid token ‘%2$S’ in CORS header ‘Access-Control-Allow-Methods’).",
            ),
            (
                "CORSInvalidAllowHeader",
                r"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: invalid token ‘%2$S’ in CORS header ‘Access-Control-Allow-Headers’).",
            ),
            (
                "CORSMissingAllowHeaderFromPreflight2",
                r"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: header ‘%2$S’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response).",
            ),
            (
                "CORSAllowHeaderFromPreflightDeprecation",
                r"Cross-Origin Request Warning: The Same Origin Policy will disallow reading the remote resource at %1$S soon. (Reason: When the `Access-Control-Allow-Headers` is `*`, the `Authorization` header is not covered. To include the `Authorization` header, it must be explicitly listed in CORS header `Access-Control-Allow-Headers`).",
            ),
        ],
    },
    Locale {
        locale: "en-US",
        source: "the reasons before Firefox added status codes, as MDN titles them: mdn/content files/en-us/web/http/guides/cors/errors/{corsdidnotsucceed,corsmissingalloworigin,corspreflightdidnotsucceed,corsmissingallowheaderfrompreflight}/index.md",
        messages: &[
            (
                "CORSDidNotSucceed",
                r"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS request did not succeed).",
            ),
            (
                "CORSMissingAllowOrigin",
                r"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing).",
            ),
            (
                "CORSPreflightDidNotSucceed",
                r"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS preflight channel did not succeed).",
            ),
            (
                "CORSPreflightDidNotSucceed2",
                r"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS preflight response did not succeed).",
            ),
            (
                "CORSMissingAllowHeaderFromPreflight",
                r"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: missing token ‘%2$S’ in CORS header ‘Access-Control-Allow-Headers’ from CORS preflight channel).",
            ),
        ],
    },
    Locale {
        locale: "de",
        source: "mozilla-l10n/firefox-l10n@007cca4c9d6b8ff7267cc937a9ccdb4d45e3c932 de/dom/chrome/security/security.properties",
        messages: &[
            (
                "CORSDisabled",
                r"Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: CORS deaktiviert).",
            ),
            (
                "CORSDidNotSucceed2",
                r"Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: CORS-Anfrage schlug fehl). Statuscode: %2$S.",
            ),
            (
                "CORSOriginHeaderNotAdded",
                r"Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: CORS-Kopfzeile 'Origin' konnte nicht hinzugefügt werden).",
            ),
            (
                "CORSExternalRedirectNotAllowed",
                r"Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: Externe Weiterleitung der CORS-Anfrage verboten).",
            ),
            (
                "CORSRequestNotHttp",
                r"Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: CORS-Anfrage war nicht http).",
            ),
            (
                "CORSMissingAllowOrigin2",
                r"Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: CORS-Kopfzeile 'Access-Control-Allow-Origin' fehlt). Statuscode: %2$S.",
            ),
            (
                "CORSMultipleAllowOriginNotAllowed",
                r"Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: Es darf nur ein eine CORS-Kopfzeile 'Access-Control-Allow-Origin' verwendet werden).",
            ),
            (
                "CORSAllowOriginNotMatchingOrigin",
                r"Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: CORS-Kopfzeile 'Access-Control-Allow-Origin' stimmt nicht mit '%2$S' überein).",
            ),
            (
                "CORSNotSupportingCredentials",
                r"Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: Berechtigung/Credential wird nicht unterstützt, wenn die CORS-Kopfzeile 'Access-Control-Allow-Origin' auf '*' gesetzt ist).",
            ),
            (
                "CORSMethodNotFound",
                r"Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: Methode nicht in CORS-Kopfzeile 'Access-Control-Allow-Methods' gefunden).",
            ),
            (
                "CORSMissingAllowCredentials",
                r"Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: 'true' in CORS-Kopfzeile 'Access-Control-Allow-Credentials' erwartet).",
            ),
            (
                "CORSPreflightDidNotSucceed3",
                r"Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: CORS-Preflight-Antwort schlug fehl). Statuscode: %2$S.",
            ),
            (
                "CORSInvalidAllowMethod",
                r"Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: ungültiges Token '%2$S' in CORS-Kopfzeile 'Access-Control-Allow-Methods').",
            ),
            (
                "CORSInvalidAllowHeader",
                r"Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: ungültiges Token '%2$S' in CORS-Kopfzeile 'Access-Control-Allow-Headers').",
            ),
            (
                "CORSMissingAllowHeaderFromPreflight2",
                r"Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel verbietet das Lesen der externen Ressource auf %1$S. (Grund: Kopfzeile '%2$S' ist aufgrund der Kopfzeile 'Access-Control-Allow-Headers' aus der CORS-Preflight-Antwort nicht zulässig).",
            ),
            (
                "CORSAllowHeaderFromPreflightDeprecation",
                r"Warnung für quellübergreifende (Cross-Origin) Anfrage: Die Gleiche-Quelle-Regel wird das Lesen der externen Ressource auf %1$S bald verbieten. (Grund: Wenn 'Access-Control-Allow-Headers' den Wert '*' hat, wird die 'Authorization'-Kopfzeile nicht eingeschlossen. Um die 'Authorization'-Kopfzeile einzuschließen, muss sie explizit in der CORS-Kopfzeile 'Access-Control-Allow-Headers' aufgeführt werden).",
            ),
        ],
    },
    Locale {
        locale: "fr",
        source: "mozilla-l10n/firefox-l10n@015b8546462b2f02c59805e5b9d0740f89afb0eb fr/dom/chrome/security/security.properties",
        messages: &[
            (
                "CORSDisabled",
                r"Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : CORS désactivé.",
            ),
            (
                "CORSDidNotSucceed2",
                r"Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : échec de la requête CORS. Code d’état : %2$S.",
            ),
            (
                "CORSOriginHeaderNotAdded",
                r"Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : l’en-tête CORS « Origin » ne peut pas être ajouté.",
            ),
            (
                "CORSExternalRedirectNotAllowed",
                r"Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : la redirection externe de requêtes CORS n’est pas autorisée.",
            ),
            (
                "CORSRequestNotHttp",
                r"Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : la requête CORS n’utilise pas HTTP.",
            ),
            (
                "CORSMissingAllowOrigin2",
                r"Blocage d’une requête multiorigines (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : l’en-tête CORS « Access-Control-Allow-Origin » est manquant. Code d’état : %2$S.",
            ),
            (
                "CORSMultipleAllowOriginNotAllowed",
                r"Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : le recours à plusieurs en-têtes CORS « Access-Control-Allow-Origin » n’est pas autorisé.",
            ),
            (
                "CORSAllowOriginNotMatchingOrigin",
                r"Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : l’en-tête CORS « Access-Control-Allow-Origin » ne correspond pas à « %2$S ».",
            ),
            (
                "CORSNotSupportingCredentials",
                r"Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : l’identification n’est pas prise en charge si la valeur de l’en-tête CORS « Access-Control-Allow-Origin » est « * ».",
            ),
            (
                "CORSMethodNotFound",
                r"Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : méthode manquante dans l’en-tête « Access-Control-Allow-Methods ».",
            ),
            (
                "CORSMissingAllowCredentials",
                r"Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : « true » attendu dans l’en-tête CORS « Access-Control-Allow-Credentials ».",
            ),
            (
                "CORSPreflightDidNotSucceed3",
                r"Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : échec de la réponse de pré-vérification des requêtes CORS. Code d’état : %2$S.",
            ),
            (
                "CORSInvalidAllowMethod",
                r"Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : jeton « %2$S » invalide dans l’en-tête CORS « Access-Control-Allow-Methods ».",
            ),
            (
                "CORSInvalidAllowHeader",
                r"Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : jeton « %2$S » invalide dans l’en-tête CORS « Access-Control-Allow-Headers ».",
            ),
            (
                "CORSMissingAllowHeaderFromPreflight2",
                r"Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permet pas de consulter la ressource distante située sur %1$S. Raison : l’en-tête « %2$S » n’est pas autorisé d’après l’en-tête « Access-Control-Allow-Headers » de la réponse de pré-vérification des requêtes CORS.",
            ),
            (
                "CORSAllowHeaderFromPreflightDeprecation",
                r"Avertissement de requête multiorigine (Cross-Origin Request) : la politique « Same Origin » ne permettra bientôt plus de consulter la ressource distante située sur %1$S  (motif : quand la valeur d’« Access-Control-Allow-Headers » est « * », l’en-tête « Authorization » n’est pas traité. Pour que l’en-tête « Authorization » soit inclus, il doit être explicitement listé dans l’en-tête CORS « Access-Control-Allow -Headers »).",
            ),
        ],
    },
    Locale {
        locale: "es-ES",
        source: "mozilla-l10n/firefox-l10n@1cc6d82fb9d7180c536881295bd183be8e4c80b8 es-ES/dom/chrome/security/security.properties",
        messages: &[
            (
                "CORSDisabled",
                r"Solicitud desde otro origen bloqueada: la política de mismo origen impide leer el recurso remoto en %1$S (razón: CORS desactivado).",
            ),
            (
                "CORSDidNotSucceed",
                r"Solicitud de origen cruzado bloqueada: La misma política de origen no permite la lectura de recursos remotos en %1$S. (Razón: Solicitud CORS sin éxito).",
            ),
            (
                "CORSOriginHeaderNotAdded",
                r"Solicitud de origen cruzado bloqueada: La misma política de origen no permite leer el recurso remoto en %1$S. (Razón: No se puede agregar el encabezado CORS ‘Origen’).",
            ),
            (
                "CORSExternalRedirectNotAllowed",
                r"Solicitud de origen cruzado bloqueada: La misma política de origen no permite leer el recurso remoto en %1$S. (Razón: No se permite la redirección externa de la solicitud CORS).",
            ),
            (
                "CORSRequestNotHttp",
                r"Solicitud desde otro origen bloqueada: la política de mismo origen impide leer el recurso remoto en %1$S (razón: la solicitud CORS no es http).",
            ),
            (
                "CORSMissingAllowOrigin",
                r"Solicitud desde otro origen bloqueada: la política de mismo origen impide leer el recurso remoto en %1$S (razón: falta la cabecera CORS 'Access-Control-Allow-Origin').",
            ),
            (
                "CORSMultipleAllowOriginNotAllowed",
                r"Solicitud de origen cruzado bloqueada: la política de mismo origen no permite la lectura del recurso remoto en %1$S. (Motivo: no se permiten múltiples cabeceras CORS ‘Access-Control-Allow-Origin’).",
            ),
            (
                "CORSAllowOriginNotMatchingOrigin",
                r"Solicitud desde otro origen bloqueada: la política de mismo origen impide leer el recurso remoto en %1$S (razón: la cabecera CORS 'Access-Control-Allow-Origin' no coincide con '%2$S').",
            ),
            (
                "CORSNotSupportingCredentials",
                r"Solicitud desde otro origen bloqueada: la política de mismo origen impide leer el recurso remoto en '%1$S' (razón: la credencial no se admite si la cabecera CORS 'Access-Control-Allow-Credentials' es '*').",
            ),
            (
                "CORSMethodNotFound",
                r"Solicitud desde otro origen bloqueada: la política de mismo origen impide leer el recurso remoto en %1$S (razón: token no se ha encontrado el método en la cabecera CORS 'Access-Control-Allow-Methods').",
            ),
            (
                "CORSMissingAllowCredentials",
                r"Solicitud desde otro origen bloqueada: la política de mismo origen impide leer el recurso remoto en %1$S (razón: se esperaba 'true' en la cabecera CORS 'Access-Control-Allow-Credentials').",
            ),
            (
                "CORSPreflightDidNotSucceed2",
                r"Solicitud de origen cruzado bloqueada: La política de mismo origen (Same Origin Policy) no permite la lectura de recursos remotos en %1$S. (Motivo: La respuesta CORS no tuvo éxito).",
            ),
            (
                "CORSInvalidAllowMethod",
                r"Solicitud desde otro origen bloqueada: la política de mismo origen impide leer el recurso remoto en %1$S (razón: token '%2$S' no válido en la cabecera CORS 'Access-Control-Allow-Methods').",
            ),
            (
                "CORSInvalidAllowHeader",
                r"Solicitud desde otro origen bloqueada: la política de mismo origen impide leer el recurso remoto en %1$S (razón: token '%2$S' no válido en la cabecera CORS 'Access-Control-Allow-Headers').",
            ),
            (
                "CORSMissingAllowHeaderFromPreflight2",
                r"Solicitud de origen cruzado bloqueada: La política de mismo origen (Same Origin Policy) no permite la lectura de recursos remotos en %1$S. (Motivo: La cabecera ‘%2$S’ no está permitida de acuerdo a la cabecera ‘Access-Control-Allow-Headers’ de la verificación previa de la respuesta CORS).",
            ),
        ],
    },
    Locale {
        locale: "es-ES",
        source: "mozilla-l10n/firefox-l10n@f2932dae1bc863e4c18bf96992abe5822ff4e4a1 es-ES/dom/chrome/security/security.properties (older)",
        messages: &[
            (
                "CORSPreflightDidNotSucceed",
                r"Solicitud desde otro origen bloqueada: la política de mismo origen impide leer el recurso remoto en %1$S (razón: el canal prevuelo CORS no funcionó correctamente).",
            ),
            (
                "CORSMissingAllowHeaderFromPreflight",
                r"Solicitud desde otro origen bloqueada: la política de mismo origen impide leer el recurso remoto en %1$S (razón: token '%2$S' no presente en la cabecera CORS 'Access-Control-Allow-Headers' del canal CORS prevuelo).",
            ),
        ],
    },
    Locale {
        locale: "es-AR",
        source: "mozilla-l10n/firefox-l10n@04defc5443ef77162d30b02d1e3d29daf8797f13 es-AR/dom/chrome/security/security.properties",
        messages: &[
            (
                "CORSDisabled",
                r"Pedido de origen cruzado bloqueado: La política de mismo origen no permite leer el recurso remoto en %1$S. (Razón: CORS deshabilitado).",
            ),
            (
                "CORSDidNotSucceed2",
                r"Pedido de origen cruzado bloqueado: La política de mismo origen no permite leer el recurso remoto en %1$S. (Razón: El pedido CORS falló). Código de estado: %2$S.",
            ),
            (
                "CORSOriginHeaderNotAdded",
                r"Pedido de origen cruzado bloqueado: La política de mismo origen no permite leer el recurso remoto en %1$S. (Razón: no se puede agregar el encabezado CORS ‘Origin’).",
            ),
            (
                "CORSExternalRedirectNotAllowed",
                r"Pedido de origen cruzado bloqueado: La política de mismo origen no permite leer el recurso remoto en %1$S. (Razón: el pedido de redireccionamiento externo no está permitido).",
            ),
            (
                "CORSRequestNotHttp",
                r"Pedido de origen cruzado bloqueado: La política de mismo origen no permite leer el recurso remoto en %1$S. (Razón: pedido CORS no es http).",
            ),
            (
                "CORSMissingAllowOrigin2",
                r"Pedido de origen cruzado bloqueado: La política de mismo origen no permite leer el recurso remoto en %1$S. (Razón: encabezado CORS ‘Access-Control-Allow-Origin’ faltante). Código de estado: %2$S.",
            ),
            (
                "CORSMultipleAllowOriginNotAllowed",
                r"Pedido de origen cruzado bloqueado: La política de mismo origen no permite leer el recurso remoto en %1$S. (Razón: Encabezados CORS ‘Access-Control-Allow-Origin’ múltiples no permitidos).",
            ),
            (
                "CORSAllowOriginNotMatchingOrigin",
                r"Pedido de origen cruzado bloqueado: La política de mismo origen no permite leer el recurso remoto en %1$S. (Razón: encabezado CORS ‘Access-Control-Allow-Origin’ no coincide con ‘%2$S’).",
            ),
            (
                "CORSNotSupportingCredentials",
                r"Pedido de origen cruzado bloqueado: La política de mismo origen no permite leer el recurso remoto en ‘%1$S’. (Razón: La credencial no es compatible si el encabezado CORS ‘Access-Control-Allow-Origin’ es ‘*’).",
            ),
            (
                "CORSMethodNotFound",
                r"Pedido de origen cruzado bloqueado: La política de mismo origen no permite leer el recurso remoto en %1$S. (Razón: no se encontró el método en encabezado CORS ‘Access-Control-Allow-Methods’).",
            ),
            (
                "CORSMissingAllowCredentials",
                r"Pedido de origen cruzado bloqueado: La política de mismo origen no permite leer el recurso remoto en %1$S. (Razón: se esperaba ‘true’ en el encabezado CORS ‘Access-Control-Allow-Credentials’).",
            ),
            (
                "CORSPreflightDidNotSucceed3",
                r"Pedido de origen cruzado bloqueado: La Política de mismo origen no permite leer el recurso remoto en %1$S. (Razón: La verificación previa de la respuesta CORS no fue exitosa). Código de estado: %2$S.",
            ),
            (
                "CORSInvalidAllowMethod",
                r"Pedido de origen cruzado bloqueado: La política de mismo origen no permite leer el recurso remoto en %1$S. (Razón: token ‘%2$S’ inválido en encabezado CORS ‘Access-Control-Allow-Methods’).",
            ),
            (
                "CORSInvalidAllowHeader",
                r"Pedido de origen cruzado bloqueado: La política de mismo origen no permite leer el recurso remoto en %1$S. (Razón: token ‘%2$S’ inválido en encabezado CORS ‘Access-Control-Allow-Headers’).",
            ),
            (
                "CORSMissingAllowHeaderFromPreflight2",
                r"Pedido de origen cruzado bloqueado: La política de mismo origen no permite leer el recurso remoto en %1$S. (Razón: encabezado ‘%2$S’ no permitido según el encabezado ‘Access-Control-Allow-Headers’ de la respuesta preflight de CORS).",
            ),
            (
                "CORSAllowHeaderFromPreflightDeprecation",
                r"Advertencia de pedido de origen cruzado: La política de mismo origen no permitirá la lectura del recurso remoto en %1$S pronto. (Razón: Cuando `Access-Control-Allow-Headers` es `*`, el encabezado `Authorization` no está cubierto. Para incluir el encabezado `Authorization`, debe estar listado explícitamente en el encabezado CORS `Access-Control-Allow-Headers`).",
            ),
        ],
    },
    Locale {
        locale: "es-CL",
        source: "mozilla-l10n/firefox-l10n@00bb5b7fd6bd42b7f66b45abb5513e8f26e52940 es-CL/dom/chrome/security/security.properties",
        messages: &[
            (
                "CORSDisabled",
                r"Solicitud de origen cruzado bloqueada: La misma política de origen no permite la lectura de recursos remotos en %1$S. (Razón: CORS desactivado).",
            ),
            (
                "CORSDidNotSucceed2",
                r"Solicitud de origen cruzado bloqueada: La misma política de origen no permite la lectura de recursos remotos en %1$S. (Razón: Solicitud CORS no exitosa). Código de estado: %2$S.",
            ),
            (
                "CORSOriginHeaderNotAdded",
                r#"Solicitud de origen cruzado bloqueada: La misma política de origen no permite la lectura de recursos remotos en %1$S. (Razón: La cabecera CORS "Origin" no puede ser añadida)."#,
            ),
            (
                "CORSExternalRedirectNotAllowed",
                r"Solicitud de origen cruzado bloqueada: La misma política de origen no permite la lectura de recursos remotos en %1$S. (Razón: Redirección externa de solicitud CORS no permitida).",
            ),
            (
                "CORSRequestNotHttp",
                r"Solicitud de origen cruzado bloqueada: La misma política de origen no permite la lectura de recursos remotos en %1$S. (Razón: Solicitud CORS no http).",
            ),
            (
                "CORSMissingAllowOrigin2",
                r"Solicitud de origen cruzado bloqueada: La misma política de origen no permite la lectura de recursos remotos en %1$S. (Razón: Cabecera CORS 'Access-Control-Allow-Origin' no presente). Código de estado: %2$S.",
            ),
            (
                "CORSMultipleAllowOriginNotAllowed",
                r"Solicitud de origen cruzado bloqueada: La política de mismo origen no permite leer el recurso remoto en %1$S. (Razón: No se permite el uso de múltiples cabeceras CORS ‘Access-Control-Allow-Origin’).",
            ),
            (
                "CORSAllowOriginNotMatchingOrigin",
                r"Solicitud de origen cruzado bloqueada: La misma política de origen no permite la lectura de recursos remotos en %1$S. (Razón: La cabecera CORS 'Access-Control-Allow-Origin' no coincide con '%2$S').",
            ),
            (
                "CORSNotSupportingCredentials",
                r"Solicitud de origen cruzado bloqueada: La misma política de origen no permite la lectura de recursos remotos en ‘%1$S’. (Razón: La credencial no está soportada si la cabecera CORS 'Access-Control-Allow-Origin' es '*').",
            ),
            (
                "CORSMethodNotFound",
                r"Solicitud de origen cruzado bloqueada: La misma política de origen no permite la lectura de recursos remotos en %1$S. (Razón: No se encontró el método en la cabecera CORS 'Access-Control-Allow-Methods').",
            ),
            (
                "CORSMissingAllowCredentials",
                r"Solicitud de origen cruzado bloqueada: La misma política de origen no permite la lectura de recursos remotos en %1$S. (Razón: Se esperaba 'true' en la cabecera CORS 'Access-Control-Allow-Credentials').",
            ),
            (
                "CORSPreflightDidNotSucceed3",
                r"Solicitud de origen cruzado bloqueada: La misma política de origen no permite la lectura de recursos remotos en %1$S. (Razón: Respuesta preflight CORS no exitosa). Código de estado: %2$S.",
            ),
            (
                "CORSInvalidAllowMethod",
                r"Solicitud de origen cruzado bloqueada: La misma política de origen no permite la lectura de recursos remotos en %1$S. (Razón: Token '%2$S' inválido en la cabecera CORS 'Access-Control-Allow-Methods').",
            ),
            (
                "CORSInvalidAllowHeader",
                r"Solicitud de origen cruzado bloqueada: La misma política de origen no permite la lectura de recursos remotos en %1$S. (Razón: Token '%2$S' inválido en la cabecera CORS 'Access-Control-Allow-Headers').",
            ),
            (
                "CORSMissingAllowHeaderFromPreflight2",
                r"Solicitud de origen cruzado bloqueada: La misma política de origen no permite la lectura de recursos remotos en %1$S. (Razón: La cabecera '%2$S' no está permitida de aacuerdo a la cabecera 'Access-Control-Allow-Headers' de la verificación previa de la respuesta CORS).",
            ),
            (
                "CORSAllowHeaderFromPreflightDeprecation",
                r"Advertencia de solicitud de origen cruzado: la política del mismo origen no permitirá leer el recurso remoto en %1$S pronto. (Razón: cuando `Access-Control-Allow-Headers` es `*`, el encabezado `Authorization` no está cubierto. Para incluir el encabezado `Authorization`, debe estar explícitamente listado en el encabezado CORS `Access-Control-Allow -Headers`).",
            ),
        ],
    },
    Locale {
        locale: "es-MX",
        source: "mozilla-l10n/firefox-l10n@0cd9fd742ca4efa6e7b21409cda4d59b0b8a765d es-MX/dom/chrome/security/security.properties",
        messages: &[
            (
                "CORSDisabled",
                r"Solicitud desde otro origen bloqueada: la política de mismo origen impide leer el recurso remoto en %1$S (razón: CORS desactivado).",
            ),
            (
                "CORSDidNotSucceed",
                r"Solicitud de origen cruzado bloqueada: La misma política de origen no permite la lectura de recursos remotos en %1$S. (Razón: Solicitud CORS no exitosa).",
            ),
            (
                "CORSOriginHeaderNotAdded",
                r"Solicitud de origen cruzado bloqueada: La misma política de origen no permite la lectura de recursos remotos en %1$S. (Razón: La cabecera CORS ‘Origin’ no puede ser agregada).",
            ),
            (
                "CORSExternalRedirectNotAllowed",
                r"Solicitud de origen cruzado bloqueada: La misma política de origen no permite la lectura de recursos remotos en %1$S. (Razón: Redirección externa de solicitud CORS no permitida).",
            ),
            (
                "CORSRequestNotHttp",
                r"Solicitud desde otro origen bloqueada: la política de mismo origen impide leer el recurso remoto en %1$S (razón: la solicitud CORS no es http).",
            ),
            (
                "CORSMissingAllowOrigin",
                r"Solicitud desde otro origen bloqueada: la política de mismo origen impide leer el recurso remoto en %1$S (razón: falta la cabecera CORS 'Access-Control-Allow-Origin').",
            ),
            (
                "CORSMultipleAllowOriginNotAllowed",
                r"Solicitud desde otro origen bloqueada: la política de mismo origen impide leer el recurso remoto en %1$S. (razón: falta la cabecera CORS ‘Access-Control-Allow-Origin’ no esta permitido).",
            ),
            (
                "CORSAllowOriginNotMatchingOrigin",
                r"Solicitud desde otro origen bloqueada: la política de mismo origen impide leer el recurso remoto en %1$S (razón: la cabecera CORS 'Access-Control-Allow-Origin' no coincide con '%2$S').",
            ),
            (
                "CORSNotSupportingCredentials",
                r"Solicitud de orígenes cruzados bloqueados: La misma política de origen deshabilita la lectura remota del elemento en ‘%1$S’. (Razón: La credencial no está soportada si el encabezado CORS ‘Access-Control-Permitir-Origen' está ‘*’).",
            ),
            (
                "CORSMethodNotFound",
                r"Solicitud desde otro origen bloqueada: la política de mismo origen impide leer el recurso remoto en %1$S (razón: token no se ha encontrado el método en la cabecera CORS 'Access-Control-Allow-Methods').",
            ),
            (
                "CORSMissingAllowCredentials",
                r"Solicitud desde otro origen bloqueada: la política de mismo origen impide leer el recurso remoto en %1$S (razón: se esperaba 'true' en la cabecera CORS 'Access-Control-Allow-Credentials').",
            ),
            (
                "CORSPreflightDidNotSucceed",
                r"Solicitud desde otro origen bloqueada: la política de mismo origen impide leer el recurso remoto en %1$S (razón: el canal prevuelo CORS no funcionó correctamente).",
            ),
            (
                "CORSInvalidAllowMethod",
                r"Solicitud desde otro origen bloqueada: la política de mismo origen impide leer el recurso remoto en %1$S (razón: token '%2$S' no válido en la cabecera CORS 'Access-Control-Allow-Methods').",
            ),
            (
                "CORSInvalidAllowHeader",
                r"Solicitud desde otro origen bloqueada: la política de mismo origen impide leer el recurso remoto en %1$S (razón: token '%2$S' no válido en la cabecera CORS 'Access-Control-Allow-Headers').",
            ),
            (
                "CORSMissingAllowHeaderFromPreflight",
                r"Solicitud desde otro origen bloqueada: la política de mismo origen impide leer el recurso remoto en %1$S (razón: token '%2$S' no presente en la cabecera CORS 'Access-Control-Allow-Headers' del canal CORS prevuelo).",
            ),
        ],
    },
    Locale {
        locale: "pt-BR",
        source: "mozilla-l10n/firefox-l10n@041b3564746b478a6898f2f7e85d25c005f1ea28 pt-BR/dom/chrome/security/security.properties",
        messages: &[
            (
                "CORSDisabled",
                r"Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: CORS desativado).",
            ),
            (
                "CORSDidNotSucceed2",
                r"Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: falha na requisição CORS). Código de status: %2$S.",
            ),
            (
                "CORSOriginHeaderNotAdded",
                r"Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: cabeçalho ‘Origin’ do CORS não pode ser adicionado).",
            ),
            (
                "CORSExternalRedirectNotAllowed",
                r"Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: redirecionamento externo de requisição CORS não permitido).",
            ),
            (
                "CORSRequestNotHttp",
                r"Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: requisição CORS não é http).",
            ),
            (
                "CORSMissingAllowOrigin2",
                r"Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: falta cabeçalho 'Access-Control-Allow-Origin' no CORS). Código de status: %2$S.",
            ),
            (
                "CORSMultipleAllowOriginNotAllowed",
                r"Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: não é permitido vários cabeçalhos ‘Access-Control-Allow-Origin’ no CORS).",
            ),
            (
                "CORSAllowOriginNotMatchingOrigin",
                r"Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: cabeçalho 'Access-Control-Allow-Origin' do CORS não corresponde a '%2$S').",
            ),
            (
                "CORSNotSupportingCredentials",
                r"Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em ‘%1$S’ (motivo: credencial não suportada se o cabeçalho ‘Access-Control-Allow-Origin’ do CORS for ‘*’).",
            ),
            (
                "CORSMethodNotFound",
                r"Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: método não encontrado no cabeçalho 'Access-Control-Allow-Methods' do CORS ).",
            ),
            (
                "CORSMissingAllowCredentials",
                r"Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: esperado 'true' no cabeçalho 'Access-Control-Allow-Credentials' do CORS).",
            ),
            (
                "CORSPreflightDidNotSucceed3",
                r"Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: falha na resposta de comprovação (preflight) do CORS). Código de status: %2$S.",
            ),
            (
                "CORSInvalidAllowMethod",
                r"Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: token '%2$S' inválido no cabeçalho 'Access-Control-Allow-Methods' do CORS).",
            ),
            (
                "CORSInvalidAllowHeader",
                r"Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: token ‘%2$S’ inválido no cabeçalho 'Access-Control-Allow-Headers' do CORS).",
            ),
            (
                "CORSMissingAllowHeaderFromPreflight2",
                r"Requisição cross-origin bloqueada: A diretiva Same Origin (mesma origem) não permite a leitura do recurso remoto em %1$S (motivo: header ‘%2$S’ não permitido, de acordo com o header ‘Access-Control-Allow-Headers’ da resposta de comprovação (preflight) do CORS).",
            ),
            (
                "CORSAllowHeaderFromPreflightDeprecation",
                r"Aviso de requisição de origem cruzada (cross-origin): A diretiva de mesma origem (same origin) em breve não permitirá a leitura do recurso remoto em %1$S. Motivo: quando o valor de `Access-Control-Allow-Headers` é `*`, o cabeçalho `Authorization` não é coberto. Para incluir o cabeçalho `Authorization`, ele deve ser incluído explicitamente no cabeçalho CORS `Access-Control-Allow-Headers`.",
            ),
        ],
    },
    Locale {
        locale: "it",
        source: "mozilla-l10n/firefox-l10n@0530805721c2aa12d835fb75e5b6a5552164e101 it/dom/chrome/security/security.properties",
        messages: &[
            (
                "CORSDisabled",
                r"Bloccata richiesta multiorigine (cross-origin): il criterio di corrispondenza dell’origine non consente la lettura della risorsa remota da %1$S. Motivo: CORS disattivato.",
            ),
            (
                "CORSDidNotSucceed2",
                r"Bloccata richiesta multiorigine (cross-origin): il criterio di corrispondenza dell’origine non consente la lettura della risorsa remota da %1$S. Motivo: richiesta CORS non riuscita. Codice di stato: %2$S.",
            ),
            (
                "CORSOriginHeaderNotAdded",
                r"Bloccata richiesta multiorigine (cross-origin): il criterio di corrispondenza dell’origine non consente la lettura della risorsa remota da %1$S. Motivo: impossibile aggiungere l’header CORS “origin”.",
            ),
            (
                "CORSExternalRedirectNotAllowed",
                r"Bloccata richiesta multiorigine (cross-origin): il criterio di corrispondenza dell’origine non consente la lettura della risorsa remota da %1$S. Motivo: redirect non consentito per richiesta CORS esterna.",
            ),
            (
                "CORSRequestNotHttp",
                r"Bloccata richiesta multiorigine (cross-origin): il criterio di corrispondenza dell’origine non consente la lettura della risorsa remota da %1$S. Motivo: richiesta CORS non http.",
            ),
            (
                "CORSMissingAllowOrigin2",
                r"Bloccata richiesta multiorigine (cross-origin): il criterio di corrispondenza dell’origine non consente la lettura della risorsa remota da %1$S. Motivo: header CORS “Access-Control-Allow-Origin” mancante. Codice di stato: %2$S.",
            ),
            (
                "CORSMultipleAllowOriginNotAllowed",
                r"Bloccata richiesta multiorigine (cross-origin): il criterio di corrispondenza dell’origine non consente la lettura della risorsa remota da %1$S. Motivo: header CORS “Access-Control-Allow-Origin” multipli non consentiti.",
            ),
            (
                "CORSAllowOriginNotMatchingOrigin",
                r"Bloccata richiesta multiorigine (cross-origin): il criterio di corrispondenza dell’origine non consente la lettura della risorsa remota da %1$S. Motivo: header CORS “Access-Control-Allow-Origin” non corrisponde a “%2$S”.",
            ),
            (
                "CORSNotSupportingCredentials",
                r"Bloccata richiesta multiorigine (cross-origin): il criterio di corrispondenza dell’origine non consente la lettura della risorsa remota da %1$S. Motivo: le credenziali non sono supportate se l’header CORS “Access-Control-Allow-Origin” è “*”.",
            ),
            (
                "CORSMethodNotFound",
                r"Bloccata richiesta multiorigine (cross-origin): il criterio di corrispondenza dell’origine non consente la lettura della risorsa remota da %1$S. Motivo: metodo “Access-Control-Allow-Methods” non trovato in header CORS.",
            ),
            (
                "CORSMissingAllowCredentials",
                r"Bloccata richiesta multiorigine (cross-origin): il criterio di corrispondenza dell’origine non consente la lettura della risorsa remota da %1$S. Motivo: previsto “true” in header CORS “Access-Control-Allow-Credentials”.",
            ),
            (
                "CORSPreflightDidNotSucceed3",
                r"Bloccata richiesta multiorigine (cross-origin): il criterio di corrispondenza dell’origine non consente la lettura della risorsa remota da %1$S. Motivo: risposta CORS preliminare (“preflight”) non riuscita. Codice di stato: %2$S.",
            ),
            (
                "CORSInvalidAllowMethod",
                r"Bloccata richiesta multiorigine (cross-origin): il criterio di corrispondenza dell’origine non consente la lettura della risorsa remota da %1$S. Motivo: token “%2$S” non valido in header CORS “Access-Control-Allow-Methods”.",
            ),
            (
                "CORSInvalidAllowHeader",
                r"Bloccata richiesta multiorigine (cross-origin): il criterio di corrispondenza dell’origine non consente la lettura della risorsa remota da %1$S. Motivo: token “%2$S” non valido in header CORS “Access-Control-Allow-Headers”.",
            ),
            (
                "CORSMissingAllowHeaderFromPreflight2",
                r"Bloccata richiesta multiorigine (cross-origin): il criterio di corrispondenza dell’origine non consente la lettura della risorsa remota da %1$S. Motivo: l’header “%2$S” non è consentito a causa dell’header “Access-Control-Allow-Headers” nella risposta CORS preliminare (“preflight”).",
            ),
            (
                "CORSAllowHeaderFromPreflightDeprecation",
                r"Avviso richiesta multiorigine (cross-origin): il criterio di corrispondenza dell’origine presto bloccherà la lettura della risorsa remota da %1$S. Motivo: se il valore di “Access-Control-Allow-Headers” è “*”, l’intestazione “Authorization” non è inclusa. Per includere l’intestazione “Authorization”, questa deve essere esplicitamente elencata nell’intestazione CORS “Access-Control-Allow-Headers”.",
            ),
        ],
    },
    Locale {
        locale: "ru",
        source: "mozilla-l10n/firefox-l10n@08b37a6459f0bcac44fbdd620b5cb8f5af927f9d ru/dom/chrome/security/security.properties",
        messages: &[
            (
                "CORSDisabled",
                r"Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удаленного ресурса на %1$S. (Причина: CORS отключён).",
            ),
            (
                "CORSDidNotSucceed2",
                r"Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удаленного ресурса на %1$S. (Причина: не удалось выполнить запрос CORS). Код состояния: %2$S.",
            ),
            (
                "CORSOriginHeaderNotAdded",
                r"Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удаленного ресурса на %1$S. (Причина: Не удалось добавить CORS-заголовок «Origin»).",
            ),
            (
                "CORSExternalRedirectNotAllowed",
                r"Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удаленного ресурса на %1$S. (Причина: Внешнее перенаправление запроса CORS не разрешено).",
            ),
            (
                "CORSRequestNotHttp",
                r"Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удаленного ресурса на %1$S. (Причина: запрос CORS выполнен не по http).",
            ),
            (
                "CORSMissingAllowOrigin2",
                r"Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удаленного ресурса на %1$S. (Причина: отсутствует заголовок CORS «Access-Control-Allow-Origin»). Код состояния: %2$S.",
            ),
            (
                "CORSMultipleAllowOriginNotAllowed",
                r"Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удаленного ресурса на %1$S. (Причина: несколько заголовков CORS «Access-Control-Allow-Origin» не разрешены).",
            ),
            (
                "CORSAllowOriginNotMatchingOrigin",
                r"Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удаленного ресурса на %1$S. (Причина: заголовок CORS «Access-Control-Allow-Origin» не совпадает с «%2$S»).",
            ),
            (
                "CORSNotSupportingCredentials",
                r"Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удаленного ресурса на «%1$S». (Причина: Учётные данные не поддерживаются, если заголовок CORS «Access-Control-Allow-Origin» установлен в «*»).",
            ),
            (
                "CORSMethodNotFound",
                r"Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удаленного ресурса на %1$S. (Причина: Не найден метод в заголовке CORS «Access-Control-Allow-Methods»).",
            ),
            (
                "CORSMissingAllowCredentials",
                r"Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удаленного ресурса на %1$S. (Причина: в заголовке CORS «Access-Control-Allow-Credentials» ожидалось «true»).",
            ),
            (
                "CORSPreflightDidNotSucceed3",
                r"Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удаленного ресурса на %1$S. (Причина: неудача ответа CORS preflight). Код состояния: %2$S.",
            ),
            (
                "CORSInvalidAllowMethod",
                r"Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удаленного ресурса на %1$S. (Причина: некорректный токен «%2$S» в заголовке CORS «Access-Control-Allow-Methods»).",
            ),
            (
                "CORSInvalidAllowHeader",
                r"Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удаленного ресурса на %1$S. (Причина: некорректный токен «%2$S» в заголовке CORS «Access-Control-Allow-Headers»).",
            ),
            (
                "CORSMissingAllowHeaderFromPreflight2",
                r"Запрос из постороннего источника заблокирован: Политика одного источника запрещает чтение удаленного ресурса на %1$S. (Причина: заголовок «%2$S» не разрешён согласно заголовку «Access-Control-Allow-Headers» из ответа CORS preflight).",
            ),
            (
                "CORSAllowHeaderFromPreflightDeprecation",
                r"Предупреждение о запросе из постороннего источника: Политика одного источника скоро запретит чтение удаленного ресурса в %1$S. (Причина: когда «Access-Control-Allow-Headers» имеет значение «*», заголовок «Authorization» не охватывается. Чтобы включить заголовок «Authorization», он должен быть явно указан в заголовке CORS «Access-Control-Allow-Headers»).",
            ),
        ],
    },
    Locale {
        locale: "uk",
        source: "mozilla-l10n/firefox-l10n@031862c80fe0353212847002ee98651a5948ec5f uk/dom/chrome/security/security.properties",
        messages: &[
            (
                "CORSDisabled",
                r"Запит зі стороннього джерела заблоковано: Політика одного джерела не дозволяє читання віддаленого ресурсу на %1$S. (Причина: CORS вимкнено).",
            ),
            (
                "CORSDidNotSucceed2",
                r"Запит зі стороннього джерела заблоковано: Політика одного джерела не дозволяє читання віддаленого ресурсу на %1$S. (Причина: запит CORS не вдався). Код стану: %2$S.",
            ),
            (
                "CORSOriginHeaderNotAdded",
                r"Запит зі стороннього джерела заблоковано: Політика одного джерела не дозволяє читання віддаленого ресурсу на %1$S. (Причина: Заголовок CORS ‘Origin’ не може бути додано).",
            ),
            (
                "CORSExternalRedirectNotAllowed",
                r"Запит зі стороннього джерела заблоковано: Політика одного джерела не дозволяє читання віддаленого ресурсу на %1$S. (Причина: Зовнішнє перенаправлення запиту CORS не дозволено).",
            ),
            (
                "CORSRequestNotHttp",
                r"Запит зі стороннього джерела заблоковано: Політика одного джерела не дозволяє читання віддаленого ресурсу на %1$S. (Причина: запит CORS виконано не по http).",
            ),
            (
                "CORSMissingAllowOrigin2",
                r"Запит зі стороннього джерела заблоковано: Політика одного джерела не дозволяє читання віддаленого ресурсу на %1$S. (Причина: відсутній заголовок CORS ‘Access-Control-Allow-Origin’). Код стану: %2$S.",
            ),
            (
                "CORSMultipleAllowOriginNotAllowed",
                r"Запит зі стороннього джерела заблоковано: Політика одного джерела не дозволяє читання віддаленого ресурсу на %1$S. (Причина: Численні заголовки CORS 'Access-Control-Allow-Origin' не дозволено).",
            ),
            (
                "CORSAllowOriginNotMatchingOrigin",
                r"Запит зі стороннього джерела заблоковано: Політика одного джерела не дозволяє читання віддаленого ресурсу на %1$S. (Причина: заголовок CORS 'Access-Control-Allow-Origin' не відповідає '%2$S').",
            ),
            (
                "CORSNotSupportingCredentials",
                r"Запит зі стороннього джерела заблоковано: Політика одного джерела не дозволяє читання віддаленого ресурсу на ‘%1$S’. (Причина: Посвідчення не підтримується, якщо заголовок CORS ‘Access-Control-Allow-Origin’ відповідає ‘*’).",
            ),
            (
                "CORSMethodNotFound",
                r"Запит зі стороннього джерела заблоковано: Політика одного джерела не дозволяє читання віддаленого ресурсу на %1$S. (Причина: Не знайдено метод в заголовку CORS 'Access-Control-Allow-Methods').",
            ),
            (
                "CORSMissingAllowCredentials",
                r"Запит зі стороннього джерела заблоковано: Політика одного джерела не дозволяє читання віддаленого ресурсу на %1$S. (Причина: очікувалось 'true' в заголовку CORS 'Access-Control-Allow-Credentials').",
            ),
            (
                "CORSPreflightDidNotSucceed3",
                r"Запит зі стороннього джерела заблоковано: Політика одного джерела не дозволяє читання віддаленого ресурсу на %1$S. (Причина: невдача відповіді CORS preflight). Код стану: %2$S.",
            ),
            (
                "CORSInvalidAllowMethod",
                r"Запит зі стороннього джерела заблоковано: Політика одного джерела не дозволяє читання віддаленого ресурсу на %1$S. (Причина: невірний токен '%2$S' в заголовку CORS 'Access-Control-Allow-Methods').",
            ),
            (
                "CORSInvalidAllowHeader",
                r"Запит зі стороннього джерела заблоковано: Політика одного джерела не дозволяє читання віддаленого ресурсу на %1$S. (Причина: невірний токен '%2$S' в заголовку CORS 'Access-Control-Allow-Headers').",
            ),
            (
                "CORSMissingAllowHeaderFromPreflight2",
                r"Запит зі стороннього джерела заблоковано: Політика одного джерела не дозволяє читання віддаленого ресурсу на %1$S. (Причина: заголовок ‘%2$S’ не дозволений в заголовку ‘Access-Control-Allow-Headers’ від відповіді CORS preflight).",
            ),
        ],
    },
    Locale {
        locale: "ja",
        source: "mozilla-l10n/firefox-l10n@04a5720975e3627aae29a9de71f1c132742ee587 ja/dom/chrome/security/security.properties",
        messages: &[
            (
                "CORSDisabled",
                r"クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS が無効)。",
            ),
            (
                "CORSDidNotSucceed",
                r"クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS 要求が成功しなかった)。",
            ),
            (
                "CORSOriginHeaderNotAdded",
                r"クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS ヘッダー ‘Origin’ を追加できなかった)。",
            ),
            (
                "CORSExternalRedirectNotAllowed",
                r"クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS 要求の外部リダイレクトは許可されない)。",
            ),
            (
                "CORSRequestNotHttp",
                r"クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS 要求が http でない)。",
            ),
            (
                "CORSMissingAllowOrigin",
                r"クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS ヘッダー ‘Access-Control-Allow-Origin’ が足りない)。",
            ),
            (
                "CORSAllowOriginNotMatchingOrigin",
                r"クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS ヘッダー ‘Access-Control-Allow-Origin’ が ‘%2$S’ と異なる)。",
            ),
            (
                "CORSNotSupportingCredentials",
                r"クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS ヘッダー ‘Access-Control-Allow-Origin’ が ‘*’ である場合、認証情報はサポートされない)。",
            ),
            (
                "CORSMethodNotFound",
                r"クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS ヘッダー ‘Access-Control-Allow-Methods’ にメソッドが見つからない)。",
            ),
            (
                "CORSMissingAllowCredentials",
                r"クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS ヘッダー ‘Access-Control-Allow-Credentials’ は ‘true’ であるべき)。",
            ),
            (
                "CORSPreflightDidNotSucceed",
                r"クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS プリフライトチャンネルが継承されていない)。",
            ),
            (
                "CORSInvalidAllowMethod",
                r"クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS ヘッダー ‘Access-Control-Allow-Methods’ に不正なトークン ‘%2$S’ が含まれる)。",
            ),
            (
                "CORSInvalidAllowHeader",
                r"クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS ヘッダー ‘Access-Control-Allow-Headers’ に不正なトークン ‘%2$S’ が含まれる)。",
            ),
            (
                "CORSMissingAllowHeaderFromPreflight",
                r"クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS プリフライトチャンネルからの CORS ヘッダー ‘Access-Control-Allow-Headers’ にトークン ‘%2$S’ が足りない)。",
            ),
        ],
    },
    Locale {
        locale: "ja",
        source: "mozilla-l10n/firefox-l10n@9e2029b6f95a19c5c1da0e8b43c8a0f7102ad250 ja/dom/chrome/security/security.properties (older: ヘッダ)",
        messages: &[
            (
                "CORSMissingAllowOrigin",
                r"クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS ヘッダ ‘Access-Control-Allow-Origin’ が足りない)。",
            ),
            (
                "CORSAllowOriginNotMatchingOrigin",
                r"クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS ヘッダ ‘Access-Control-Allow-Origin’ が ‘%2$S’ と異なる)。",
            ),
            (
                "CORSMethodNotFound",
                r"クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS ヘッダ ‘Access-Control-Allow-Methods’ にメソッドが見つからない)。",
            ),
            (
                "CORSMissingAllowCredentials",
                r"クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS ヘッダ ‘Access-Control-Allow-Credentials’ は ‘ture’ であるべき)。",
            ),
            (
                "CORSInvalidAllowMethod",
                r"クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS ヘッダ ‘Access-Control-Allow-Methods’ に不正なトークン ‘%2$S’ が含まれる)。",
            ),
            (
                "CORSInvalidAllowHeader",
                r"クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS ヘッダ ‘Access-Control-Allow-Headers’ に不正なトークン ‘%2$S’ が含まれる)。",
            ),
            (
                "CORSMissingAllowHeaderFromPreflight",
                r"クロスオリジン要求をブロックしました: 同一生成元ポリシーにより、%1$S にあるリモートリソースの読み込みは拒否されます (理由: CORS プリフライトチャンネルからの CORS ヘッダ ‘Access-Control-Allow-Headers’ にトークン ‘%2$S’ が足りない)。",
            ),
        ],
    },
    Locale {
        locale: "zh-CN",
        source: "mozilla-l10n/firefox-l10n@00b2f0d107af7624f9e2db5352d41a46dd5d158c zh-CN/dom/chrome/security/security.properties",
        messages: &[
            (
                "CORSDisabled",
                r"已拦截跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：CORS 未启用）。",
            ),
            (
                "CORSRequestNotHttp",
                r"已拦截跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：CORS 请求不是 http）。",
            ),
            (
                "CORSMissingAllowOrigin",
                r"已拦截跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：CORS 头缺少 'Access-Control-Allow-Origin'）。",
            ),
            (
                "CORSAllowOriginNotMatchingOrigin",
                r"已拦截跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：CORS 头 'Access-Control-Allow-Origin' 不匹配 '%2$S'）。",
            ),
            (
                "CORSMethodNotFound",
                r"已拦截跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：找不到 CORS 头中的 'Access-Control-Allow-Methods'）。",
            ),
            (
                "CORSMissingAllowCredentials",
                r"已拦截跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：CORS 头中的 'Access-Control-Allow-Credentials' 预期为 'true'）。",
            ),
            (
                "CORSPreflightDidNotSucceed",
                r"已拦截跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：CORS 预检通道未成功）。",
            ),
            (
                "CORSInvalidAllowMethod",
                r"已拦截跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：CORS 头 'Access-Control-Allow-Methods' 中的令牌 '%2$S' 无效）。",
            ),
            // The file ends these two with `\u0020` (a space), dropped here.
            (
                "CORSInvalidAllowHeader",
                r"已拦截跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：CORS 头 'Access-Control-Allow-Headers' 中的令牌 '%2$S' 无效）。",
            ),
            (
                "CORSMissingAllowHeaderFromPreflight",
                r"已拦截跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：来自 CORS 预检通道的 CORS 头 'Access-Control-Allow-Headers' 的令牌 '%2$S' 无效）。",
            ),
        ],
    },
    // The zh-CN file in the index predates the "did not succeed" keys; this is the
    // translation as developers pasted it from Firefox's console (stored copies 1553904339,
    // with its status, and 18159247452, 40687492999, 10344974911, without).
    Locale {
        locale: "zh-CN",
        source: "Firefox zh-CN as pasted (search index stored copies 1553904339, 18159247452, 40687492999, 10344974911); the index's zh-CN security.properties (@00b2f0d1) predates these keys",
        messages: &[
            (
                "CORSDidNotSucceed",
                r"已拦截跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：CORS 请求未能成功）。",
            ),
            (
                "CORSDidNotSucceed2",
                r"已拦截跨源请求：同源策略禁止读取位于 %1$S 的远程资源。（原因：CORS 请求未能成功）。状态码：%2$S。",
            ),
        ],
    },
    Locale {
        locale: "zh-TW",
        source: "mozilla-l10n/firefox-l10n@081e2d168b8967006ee748bcb8280324f7d5aba7 zh-TW/dom/chrome/security/security.properties",
        messages: &[
            (
                "CORSDisabled",
                r"已封鎖跨來源請求: 同源政策不允許讀取 %1$S 的遠端資源。（原因: 已停用 CORS）。",
            ),
            (
                "CORSDidNotSucceed2",
                r"已封鎖跨來源請求: 同源政策不允許讀取 %1$S 的遠端資源。（原因: CORS 請求未成功）。狀態代碼: %2$S。",
            ),
            (
                "CORSOriginHeaderNotAdded",
                r"已封鎖跨來源請求: 同源政策不允許讀取 %1$S 的遠端資源。（原因: 無法新增 CORS 'Origin' 檔頭）。",
            ),
            (
                "CORSExternalRedirectNotAllowed",
                r"已封鎖跨來源請求: 同源政策不允許讀取 %1$S 的遠端資源。（原因: 不允許 CORS 請求被重導到外部）。",
            ),
            (
                "CORSRequestNotHttp",
                r"已封鎖跨來源請求: 同源政策不允許讀取 %1$S 的遠端資源。（原因: CORS 請求未使用 http 通訊協定）。",
            ),
            (
                "CORSMissingAllowOrigin2",
                r"已封鎖跨來源請求: 同源政策不允許讀取 %1$S 的遠端資源。（原因: 缺少 CORS 'Access-Control-Allow-Origin' 檔頭）。狀態代碼: %2$S。",
            ),
            (
                "CORSMultipleAllowOriginNotAllowed",
                r"已封鎖跨來源請求: 同源政策不允許讀取 %1$S 的遠端資源。（原因: 不允許有多個「Access-Control-Allow-Origin」CORS 標頭）。",
            ),
            (
                "CORSAllowOriginNotMatchingOrigin",
                r"已封鎖跨來源請求: 同源政策不允許讀取 %1$S 的遠端資源。（原因: CORS 'Access-Control-Allow-Origin' 檔頭不符合「%2$S」）。",
            ),
            (
                "CORSNotSupportingCredentials",
                r"已封鎖跨來源請求: 同源政策不允許讀取 %1$S 的遠端資源。（原因: CORS 'Access-Control-Allow-Origin' 設定為「*」時不支援使用帳號密碼）。",
            ),
            (
                "CORSMethodNotFound",
                r"已封鎖跨來源請求: 同源政策不允許讀取 %1$S 的遠端資源。（原因: CORS 'Access-Control-Allow-Methods' 檔頭中找不到方法）。",
            ),
            (
                "CORSMissingAllowCredentials",
                r"已封鎖跨來源請求: 同源政策不允許讀取 %1$S 的遠端資源。（原因: CORS 'Access-Control-Allow-Credentials' 檔頭應為 'true'）。",
            ),
            (
                "CORSPreflightDidNotSucceed3",
                r"已封鎖跨來源請求: 同源政策不允許讀取 %1$S 的遠端資源。（原因: CORS preflight 回應並未成功）。狀態代碼: %2$S。",
            ),
            (
                "CORSInvalidAllowMethod",
                r"已封鎖跨來源請求：同源政策不允許讀取 %1$S 的遠端資源。（原因：CORS「Access-Control-Allow-Methods」檔頭中的 token「%2$S」無效）。",
            ),
            (
                "CORSInvalidAllowHeader",
                r"已封鎖跨來源請求：同源政策不允許讀取 %1$S 的遠端資源。（原因：CORS「Access-Control-Allow-Headers」檔頭中的 token「%2$S」無效）。",
            ),
            (
                "CORSMissingAllowHeaderFromPreflight2",
                r"已封鎖跨來源請求: 同源政策不允許讀取 %1$S 的遠端資源。（原因: 根據 CORS preflight 回應的 'Access-Control-Allow-Headers' 內容，不允許使用檔頭「%2$S」）。",
            ),
            (
                "CORSAllowHeaderFromPreflightDeprecation",
                r"跨來源請求警告：同源政策即將不允許讀取位於 %1$S 的遠端資源。（原因:「Access-Control-Allow-Headers」為「*」時，還不包含「Authorization」標頭。若要包含「Authorization」標頭，必須在「Access-Control-Allow-Headers」當中明確列出）。",
            ),
        ],
    },
    Locale {
        locale: "ko",
        source: "mozilla-l10n/firefox-l10n@0769684b72d33688f8c7e7b21c17ba9272cfb258 ko/dom/chrome/security/security.properties",
        messages: &[
            (
                "CORSDisabled",
                r"교차 출처 요청 차단: 동일 출처 정책으로 인해 %1$S에 있는 원격 리소스를 차단했습니다. (원인: CORS 비활성화).",
            ),
            (
                "CORSDidNotSucceed2",
                r"교차 출처 요청 차단: 동일 출처 정책으로 인해 %1$S에 있는 원격 리소스를 차단했습니다. (원인: CORS 요청이 성공하지 못함). 상태 코드: %2$S.",
            ),
            (
                "CORSOriginHeaderNotAdded",
                r"교차 출처 요청 차단: 동일 출처 정책으로 인해 %1$S에 있는 원격 리소스를 차단했습니다. (원인: CORS 헤더 ‘Origin’ 을 추가할 수 없음).",
            ),
            (
                "CORSExternalRedirectNotAllowed",
                r"교차 출처 요청 차단: 동일 출처 정책으로 인해 %1$S에 있는 원격 리소스를 차단했습니다. (원인: 외부 리다이렉트 CORS 요청을 허용하지 않음).",
            ),
            (
                "CORSRequestNotHttp",
                r"교차 출처 요청 차단: 동일 출처 정책으로 인해 %1$S에 있는 원격 리소스를 차단했습니다. (원인: http가 아닌 CORS 요청).",
            ),
            (
                "CORSMissingAllowOrigin2",
                r"교차 출처 요청 차단: 동일 출처 정책으로 인해 %1$S에 있는 원격 리소스를 차단했습니다. (원인: ‘Access-Control-Allow-Origin’ CORS 헤더가 없음). 상태 코드: %2$S.",
            ),
            (
                "CORSMultipleAllowOriginNotAllowed",
                r"교차 출처 요청 차단: 동일 출처 정책으로 인해 %1$S에 있는 원격 리소스를 차단했습니다. (원인: 여러개의 ‘Access-Control-Allow-Origin’ CORS 헤더 허용되지 않음).",
            ),
            (
                "CORSAllowOriginNotMatchingOrigin",
                r"교차 출처 요청 차단: 동일 출처 정책으로 인해 %1$S에 있는 원격 리소스를 차단했습니다. (원인: ‘Access-Control-Allow-Origin’ CORS 헤더가 ‘%2$S’와 일치하지 않음).",
            ),
            (
                "CORSNotSupportingCredentials",
                r"교차 출처 요청 차단: 동일 출처 정책으로 인해 ‘%1$S’에 있는 원격 리소스를 차단했습니다. (원인: CORS 헤더 ‘Access-Control-Allow-Origin’이 ‘*’이면 자격 증명이 지원되지 않음).",
            ),
            (
                "CORSMethodNotFound",
                r"교차 출처 요청 차단: 동일 출처 정책으로 인해 %1$S에 있는 원격 리소스를 차단했습니다. (원인: CORS 헤더 ‘Access-Control-Allow-Methods’의 메서드가 없음).",
            ),
            (
                "CORSMissingAllowCredentials",
                r"교차 출처 요청 차단: 동일 출처 정책으로 인해 %1$S에 있는 원격 리소스를 차단했습니다. (원인: CORS 헤더 ‘Access-Control-Allow-Credentials’이 ‘true’이어야 함).",
            ),
            (
                "CORSPreflightDidNotSucceed3",
                r"교차 출처 요청 차단: 동일 출처 정책으로 인해 %1$S에 있는 원격 리소스를 차단했습니다. (원인: CORS 사전 점검 응답이 성공하지 못함). 상태 코드: %2$S.",
            ),
            (
                "CORSInvalidAllowMethod",
                r"교차 출처 요청 차단: 동일 출처 정책으로 인해 %1$S에 있는 원격 리소스를 차단했습니다. (원인: CORS 헤더 ‘Access-Control-Allow-Methods’에 유효하지 않은 토큰 ‘%2$S’).",
            ),
            (
                "CORSInvalidAllowHeader",
                r"교차 출처 요청 차단: 동일 출처 정책으로 인해 %1$S에 있는 원격 리소스를 차단했습니다. (원인: CORS 헤더 ‘Access-Control-Allow-Headers’에 유효하지 않은 토큰 ‘%2$S’).",
            ),
            (
                "CORSMissingAllowHeaderFromPreflight2",
                r"교차 출처 요청 차단: 동일 출처 정책으로 인해 %1$S에 있는 원격 리소스를 차단했습니다. (원인: CORS 사전 점검 응답의 헤더 ‘Access-Control-Allow-Headers’에 따라 헤더 ‘%2$S’가 허용되지 않음).",
            ),
            (
                "CORSAllowHeaderFromPreflightDeprecation",
                r"교차 출처 요청 경고: 동일 출처 정책은 곧 %1$S에서 원격 리소스 읽기를 허용하지 않습니다. (이유: `Access-Control-Allow-Headers`가 `*`인 경우 `Authorization` 헤더는 포함되지 않습니다. `Authorization` 헤더를 포함하려면 CORS 헤더 `Access-Control-Allow-Headers`에 명시적으로 나열되어야 합니다).",
            ),
        ],
    },
];
