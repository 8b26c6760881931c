//! What a captured client becomes in the broker that uses it: text the
//! broker accepts as is (an API body, a settings form's fields, `.env`
//! lines), one [`BrokerExport`] per target.
//!
//! Never a secret: ClientFill stores none. Where a broker needs the client
//! secret, the export holds a named placeholder (`<FACEBOOK_APP_SECRET>`) and
//! says where the portal shows the secret.
//!
//! ```
//! use clientfill_core::client::{CapturedClient, IdKind};
//! use clientfill_core::export::{exports, Target};
//! use clientfill_core::portal::Portal;
//!
//! let mut client = CapturedClient::new("1187243319820456", Portal::Meta, 0, "");
//! client.id_kind = Some(IdKind::MetaAppId);
//! client.redirect_uris = vec!["https://acme.example/api/auth/callback/facebook".into()];
//! let authjs = exports(&client, None)
//!     .into_iter()
//!     .find(|e| e.target == Target::AuthJs)
//!     .unwrap();
//! assert_eq!(
//!     authjs.text,
//!     "AUTH_FACEBOOK_ID=1187243319820456\nAUTH_FACEBOOK_SECRET=<FACEBOOK_APP_SECRET>\n"
//! );
//! ```

use serde::Serialize;

use crate::client::{CapturedClient, IdKind};
use crate::portal::Portal;
use crate::preset::Preset;
use crate::profile::{ParamValue, Profile};
use crate::provider::Provider;

/// Where an export goes. The serialized names are part of the popup's
/// automation surface (`data-target`): never rename them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Target {
    /// Auth0: a Management API `POST /api/v2/connections` body.
    Auth0,
    /// Strapi: the fields of its Users & Permissions provider settings.
    Strapi,
    /// Gigya (SAP Customer Data Cloud): the console's social login fields.
    Gigya,
    /// Keycloak: an identity provider for the admin REST API.
    Keycloak,
    /// Supabase (self-hosted Auth): its `GOTRUE_EXTERNAL_*` variables.
    Supabase,
    /// Auth.js / NextAuth v5: the `AUTH_<PROVIDER>_*` variables it reads.
    AuthJs,
    /// Any other app: plain `.env` lines.
    Env,
    /// The legacy portal's client-side (implicit) token flow: the authorize
    /// URL to open.
    AuthorizeUrl,
    /// Instagram business login: the Embed URL the dashboard shows.
    EmbedUrl,
}

impl Target {
    /// Every target, in the order the popup offers them.
    pub const ALL: [Target; 9] = [
        Target::Auth0,
        Target::Strapi,
        Target::Gigya,
        Target::Keycloak,
        Target::Supabase,
        Target::AuthJs,
        Target::Env,
        Target::AuthorizeUrl,
        Target::EmbedUrl,
    ];

    /// The stable name used in `data-target`.
    pub fn as_str(self) -> &'static str {
        match self {
            Target::Auth0 => "auth0",
            Target::Strapi => "strapi",
            Target::Gigya => "gigya",
            Target::Keycloak => "keycloak",
            Target::Supabase => "supabase",
            Target::AuthJs => "authjs",
            Target::Env => "env",
            Target::AuthorizeUrl => "authorize-url",
            Target::EmbedUrl => "embed-url",
        }
    }

    /// The button's words.
    pub fn label(self) -> &'static str {
        match self {
            Target::Auth0 => "Auth0",
            Target::Strapi => "Strapi",
            Target::Gigya => "Gigya",
            Target::Keycloak => "Keycloak",
            Target::Supabase => "Supabase",
            Target::AuthJs => "Auth.js",
            Target::Env => ".env",
            Target::AuthorizeUrl => "Token URL",
            Target::EmbedUrl => "Embed URL",
        }
    }

    /// The preset whose broker this target is for, if any.
    fn preset(self) -> Option<&'static str> {
        match self {
            Target::Auth0 => Some("auth0"),
            Target::Strapi => Some("strapi"),
            Target::Gigya => Some("gigya"),
            Target::Keycloak => Some("keycloak"),
            Target::Supabase => Some("supabase"),
            Target::AuthJs => Some("authjs"),
            Target::Env | Target::AuthorizeUrl | Target::EmbedUrl => None,
        }
    }
}

/// One export of a client.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BrokerExport {
    /// Where it goes.
    pub target: Target,
    /// What it is, in a few words.
    pub title: String,
    /// The text to copy or save, exactly as the broker takes it.
    pub text: String,
    /// A file name to save it under.
    pub file_name: String,
    /// Where the portal shows the secret the text's placeholder stands for;
    /// `None` when the text needs no secret.
    pub secret: Option<String>,
}

/// The exports of `client`, `profile` the one it was registered for (its
/// broker's export comes first); a target that cannot take this client (a
/// broker without the provider, a URL the portal does not have) has none.
pub fn exports(client: &CapturedClient, profile: Option<&Profile>) -> Vec<BrokerExport> {
    let mut all: Vec<BrokerExport> = Target::ALL
        .into_iter()
        .filter_map(|target| export(target, client, profile))
        .collect();
    if let Some(first) = profile.and_then(|p| {
        all.iter()
            .position(|e| e.target.preset() == Some(p.preset.as_str()))
    }) {
        let theirs = all.remove(first);
        all.insert(0, theirs);
    }
    all
}

/// Whether `target` takes clients for `provider`, and if not, why.
pub fn unsupported(target: Target, provider: Provider) -> Option<String> {
    let special = match (target, provider) {
        (Target::Auth0, Provider::Instagram) => {
            Some("Auth0 has had no Instagram connection since March 2020.")
        }
        (Target::AuthorizeUrl, p) if p != Provider::Instagram => {
            Some("The token flow is the legacy Instagram portal's.")
        }
        (Target::EmbedUrl, p) if p != Provider::Instagram => {
            Some("The Embed URL is Instagram business login's.")
        }
        _ => None,
    };
    special.map(str::to_owned).or_else(|| {
        // The broker's preset says which logins it offers.
        let preset = Preset::find(target.preset()?)?;
        (!preset.supports(provider))
            .then(|| format!("{} has no {} login.", preset.label, provider.label()))
    })
}

fn export(
    target: Target,
    client: &CapturedClient,
    profile: Option<&Profile>,
) -> Option<BrokerExport> {
    let provider = client.id_kind().provider();
    if unsupported(target, provider).is_some() {
        return None;
    }
    let id = client.client_id.as_str();
    let name = provider.as_str();
    let upper = name.to_ascii_uppercase();
    let secret = secret_placeholder(client);
    let redirect = client.redirect_uris.first().map(String::as_str);
    let param = |key: &str| {
        profile
            .filter(|p| Some(p.preset.as_str()) == target.preset())
            .and_then(|p| match p.params.get(key) {
                Some(ParamValue::Text(text)) if !text.is_empty() => Some(text.clone()),
                _ => None,
            })
    };
    let (title, text, file_name) = match target {
        Target::Auth0 => (
            "Management API: POST /api/v2/connections".to_owned(),
            json(&serde_json::json!({
                "name": name,
                "strategy": name,
                "options": { "client_id": id, "client_secret": secret },
            })),
            format!("auth0-{name}-connection.json"),
        ),
        Target::Strapi => {
            let callback = client
                .redirect_uris
                .iter()
                .find(|u| u.contains("/api/connect/"))
                .map_or("<BACKEND_URL>/api/connect/", String::as_str);
            (
                format!("Settings → Users & Permissions → Providers → {}", provider.label()),
                format!(
                    "Enable: ON\nClient ID: {id}\nClient Secret: {secret}\nThe redirect URL to your front-end app: <FRONTEND_REDIRECT_URL>\nThe redirect URL to add in your {} application configurations: {callback}\n",
                    provider.label()
                ),
                format!("strapi-{name}-provider.txt"),
            )
        }
        Target::Gigya => (
            format!("Console → Social Login → {}", provider.label()),
            format!(
                "{} App ID: {id}\n{} App Secret: {secret}\n",
                provider.label(),
                provider.label()
            ),
            format!("gigya-{name}.txt"),
        ),
        Target::Keycloak => {
            let alias = param("alias").unwrap_or_else(|| name.to_owned());
            let realm = param("realm").unwrap_or_else(|| "<REALM>".to_owned());
            (
                format!("POST /admin/realms/{realm}/identity-provider/instances"),
                json(&serde_json::json!({
                    "alias": alias,
                    "providerId": name,
                    "enabled": true,
                    "config": { "clientId": id, "clientSecret": secret },
                })),
                format!("keycloak-{alias}-identity-provider.json"),
            )
        }
        Target::Supabase => {
            let callback = client
                .redirect_uris
                .iter()
                .find(|u| u.ends_with("/auth/v1/callback"))
                .map(String::as_str)
                .or(redirect)
                .unwrap_or("<SUPABASE_URL>/auth/v1/callback");
            (
                "Self-hosted Auth: environment".to_owned(),
                format!(
                    "GOTRUE_EXTERNAL_{upper}_ENABLED=true\nGOTRUE_EXTERNAL_{upper}_CLIENT_ID={id}\nGOTRUE_EXTERNAL_{upper}_SECRET={secret}\nGOTRUE_EXTERNAL_{upper}_REDIRECT_URI={callback}\n"
                ),
                format!("supabase-{name}.env"),
            )
        }
        Target::AuthJs => (
            "Environment (Auth.js v5 reads AUTH_<PROVIDER>_ID and _SECRET)".to_owned(),
            format!("AUTH_{upper}_ID={id}\nAUTH_{upper}_SECRET={secret}\n"),
            format!("authjs-{name}.env"),
        ),
        Target::Env => {
            let mut text = format!("{upper}_CLIENT_ID={id}\n{upper}_CLIENT_SECRET={secret}\n");
            if let Some(uri) = redirect {
                text.push_str(&format!("{upper}_REDIRECT_URI={uri}\n"));
            }
            ("Environment".to_owned(), text, format!("{name}.env"))
        }
        Target::AuthorizeUrl => {
            if client.portal != Portal::LegacyInstagram {
                return None;
            }
            let uri = redirect?;
            (
                "Client-side (implicit) token flow: open to get a token".to_owned(),
                format!(
                    "https://api.instagram.com/oauth/authorize/?client_id={id}&redirect_uri={}&response_type=token\n",
                    encode(uri)
                ),
                "instagram-token-url.txt".to_owned(),
            )
        }
        Target::EmbedUrl => {
            if client.id_kind() != IdKind::InstagramAppId || client.portal != Portal::Meta {
                return None;
            }
            let uri = redirect?;
            (
                "Instagram business login: the login link".to_owned(),
                format!(
                    "https://www.instagram.com/oauth/authorize?enable_fb_login=0&force_authentication=1&client_id={id}&redirect_uri={}&response_type=code&scope=instagram_business_basic\n",
                    encode(uri)
                ),
                "instagram-embed-url.txt".to_owned(),
            )
        }
    };
    let needs_secret = text.contains(&secret);
    Some(BrokerExport {
        target,
        title,
        text,
        file_name,
        secret: needs_secret.then(|| secret_location(client).to_owned()),
    })
}

fn json(value: &serde_json::Value) -> String {
    // Serializing a `json!` value cannot fail.
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// The placeholder that stands for the client's secret.
fn secret_placeholder(client: &CapturedClient) -> String {
    match client.id_kind() {
        IdKind::ClientId => "<INSTAGRAM_CLIENT_SECRET>",
        IdKind::InstagramAppId => "<INSTAGRAM_APP_SECRET>",
        IdKind::MetaAppId => "<FACEBOOK_APP_SECRET>",
        IdKind::GithubClientId | IdKind::GithubAppClientId => "<GITHUB_CLIENT_SECRET>",
        IdKind::GoogleClientId => "<GOOGLE_CLIENT_SECRET>",
        IdKind::DiscordClientId => "<DISCORD_CLIENT_SECRET>",
    }
    .to_owned()
}

/// Where the portal shows the secret.
fn secret_location(client: &CapturedClient) -> &'static str {
    match client.id_kind() {
        IdKind::ClientId => {
            "The Client Secret is on the portal's Manage Clients page, on the client's card."
        }
        IdKind::InstagramAppId => {
            "The Instagram app secret is in API setup with Instagram business login, under Business login settings (Show)."
        }
        IdKind::MetaAppId => "The App secret is in App settings → Basic (Show).",
        IdKind::GithubClientId | IdKind::GithubAppClientId => {
            "GitHub shows a client secret once: press Generate a new client secret on the app's page and copy it then."
        }
        IdKind::GoogleClientId => {
            "Google showed the client secret only in the OAuth client created dialog (Download JSON); otherwise add a new secret on the client's page."
        }
        IdKind::DiscordClientId => {
            "Discord shows the client secret once: press Reset Secret on the application's OAuth2 page and copy it then."
        }
    }
}

/// Percent-encodes a URI for a query parameter.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta_client(kind: IdKind, id: &str, uris: &[&str]) -> CapturedClient {
        let mut client = CapturedClient::new(id, Portal::Meta, 0, "");
        client.id_kind = Some(kind);
        client.redirect_uris = uris.iter().map(|u| (*u).to_owned()).collect();
        client
    }

    fn find(all: &[BrokerExport], target: Target) -> Option<&BrokerExport> {
        all.iter().find(|e| e.target == target)
    }

    const FB_APP: &str = "1187243319820456";

    #[test]
    fn auth0_gets_a_connection_body_with_the_app_id_and_a_named_placeholder() {
        let client = meta_client(
            IdKind::MetaAppId,
            FB_APP,
            &["https://acme.eu.auth0.com/login/callback"],
        );
        let all = exports(&client, None);
        let auth0 = find(&all, Target::Auth0).unwrap();
        let body: serde_json::Value = serde_json::from_str(&auth0.text).unwrap();
        assert_eq!(body["strategy"], "facebook");
        assert_eq!(body["name"], "facebook");
        assert_eq!(body["options"]["client_id"], FB_APP);
        assert_eq!(body["options"]["client_secret"], "<FACEBOOK_APP_SECRET>");
        assert!(auth0
            .secret
            .as_deref()
            .unwrap()
            .contains("App settings → Basic"));
    }

    #[test]
    fn brokers_without_the_provider_get_no_export() {
        let client = meta_client(
            IdKind::InstagramAppId,
            "1029384756102938",
            &["https://a.example/cb"],
        );
        let all = exports(&client, None);
        assert!(find(&all, Target::Auth0).is_none());
        assert!(find(&all, Target::Supabase).is_none());
        assert!(unsupported(Target::Auth0, Provider::Instagram).is_some());
        assert!(find(&all, Target::EmbedUrl).is_some());
        assert!(
            find(&all, Target::AuthorizeUrl).is_none(),
            "the token flow is the legacy portal's"
        );
    }

    #[test]
    fn keycloak_uses_the_profile_alias_and_realm() {
        let client = meta_client(
            IdKind::MetaAppId,
            FB_APP,
            &["https://sso.acme.example/realms/acme/broker/fb/endpoint"],
        );
        let profile = Profile::new("kc", "Keycloak", "keycloak")
            .with_param("host", "https://sso.acme.example")
            .with_param("realm", "acme")
            .with_param("alias", "fb");
        let all = exports(&client, Some(&profile));
        assert_eq!(
            all[0].target,
            Target::Keycloak,
            "the profile's broker comes first"
        );
        let body: serde_json::Value = serde_json::from_str(&all[0].text).unwrap();
        assert_eq!(body["alias"], "fb");
        assert_eq!(body["providerId"], "facebook");
        assert_eq!(body["config"]["clientId"], FB_APP);
        assert_eq!(
            all[0].title,
            "POST /admin/realms/acme/identity-provider/instances"
        );
    }

    #[test]
    fn env_files_use_the_variable_names_their_brokers_read() {
        let client = meta_client(
            IdKind::MetaAppId,
            FB_APP,
            &["https://ref.supabase.co/auth/v1/callback"],
        );
        let all = exports(&client, None);
        assert_eq!(
            find(&all, Target::Supabase).unwrap().text,
            format!("GOTRUE_EXTERNAL_FACEBOOK_ENABLED=true\nGOTRUE_EXTERNAL_FACEBOOK_CLIENT_ID={FB_APP}\nGOTRUE_EXTERNAL_FACEBOOK_SECRET=<FACEBOOK_APP_SECRET>\nGOTRUE_EXTERNAL_FACEBOOK_REDIRECT_URI=https://ref.supabase.co/auth/v1/callback\n")
        );
        assert_eq!(
            find(&all, Target::Env).unwrap().text,
            format!("FACEBOOK_CLIENT_ID={FB_APP}\nFACEBOOK_CLIENT_SECRET=<FACEBOOK_APP_SECRET>\nFACEBOOK_REDIRECT_URI=https://ref.supabase.co/auth/v1/callback\n")
        );
    }

    #[test]
    fn the_legacy_token_flow_gets_its_authorize_url_with_the_uri_encoded() {
        let mut client = CapturedClient::new(
            "0123456789abcdef0123456789abcdef",
            Portal::LegacyInstagram,
            0,
            "",
        );
        client.redirect_uris = vec!["https://shop.example/cb?x=1".into()];
        let all = exports(&client, None);
        let url = find(&all, Target::AuthorizeUrl).unwrap();
        assert_eq!(
            url.text,
            "https://api.instagram.com/oauth/authorize/?client_id=0123456789abcdef0123456789abcdef&redirect_uri=https%3A%2F%2Fshop.example%2Fcb%3Fx%3D1&response_type=token\n"
        );
        assert_eq!(url.secret, None, "an authorize URL needs no secret");
        let strapi = find(&all, Target::Strapi).unwrap();
        assert!(strapi
            .text
            .contains("Client Secret: <INSTAGRAM_CLIENT_SECRET>"));
    }

    #[test]
    fn no_export_ever_holds_anything_but_the_id_from_the_client() {
        // A client has no secret field; every export's secret is a placeholder.
        let client = meta_client(IdKind::MetaAppId, FB_APP, &["https://a.example/cb"]);
        for export in exports(&client, None) {
            if export.secret.is_some() {
                assert!(
                    export.text.contains("<FACEBOOK_APP_SECRET>"),
                    "{:?}",
                    export.target
                );
            }
            assert!(!export.file_name.contains('/'));
        }
    }
}
