//! Broker presets: what each identity broker needs registered on a portal.
//!
//! Every preset is one entry of [`PRESETS`]: its parameters and string
//! templates for the Website URL, the redirect URIs and Meta's Deauthorize and
//! Data Deletion URLs, copied character for character from the broker's
//! documentation (trailing `?` and ports included). Adding a broker means
//! adding an entry; the code that expands templates and validates parameters is
//! shared.
//!
//! # Templates
//!
//! A template is literal text with `{param}` placeholders:
//!
//! - `{name}` is replaced by the parameter's rendered value; when the parameter
//!   has no value (optional, not given, no default) the template produces
//!   nothing, so an optional URL simply disappears;
//! - `{name?}` is replaced by the value, or by nothing when there is none;
//! - a placeholder for a list parameter ([`ParamKind::UrlList`],
//!   [`ParamKind::MultiChoice`]) makes the template produce one string per item;
//! - `{provider}` is built in: the provider of the page being filled, as
//!   brokers write it in paths (`instagram`, `facebook`; see
//!   [`Provider`](crate::provider::Provider)), so one profile derives the right
//!   callback on an Instagram page and on a Facebook Login page.
//!
//! How a value renders depends on its kind: see [`ParamKind`].
//!
//! ```
//! use clientfill_core::preset::Preset;
//!
//! let auth0 = Preset::find("auth0").unwrap();
//! assert_eq!(auth0.redirect_uris, ["https://{tenant}/login/callback"]);
//! ```

use serde::Serialize;

use crate::provider::Provider;

/// One broker preset: an entry of [`PRESETS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Preset {
    /// Stable id stored in profiles, e.g. `auth0`.
    pub id: &'static str,
    /// Display name.
    pub label: &'static str,
    /// The document the templates come from.
    pub source: &'static str,
    /// The parameters the user supplies.
    pub params: &'static [ParamSpec],
    /// Website URL template, when the broker documents one.
    pub website_url: Option<&'static str>,
    /// Redirect URI templates, in the order the broker lists them.
    pub redirect_uris: &'static [&'static str],
    /// Meta's Deauthorize Callback URL template, when the broker documents one.
    pub deauthorize_url: Option<&'static str>,
    /// Meta's Data Deletion Request URL template, when the broker documents one.
    pub data_deletion_url: Option<&'static str>,
    /// Whether the portal's implicit (client-side token) OAuth must be enabled,
    /// i.e. "Disable implicit OAuth" unchecked.
    pub implicit_oauth: Toggle,
    /// The logins the broker offers, as its documentation lists them: a
    /// profile derives nothing for another provider's pages.
    pub providers: &'static [Provider],
}

/// A portal setting a preset fixes or leaves to a parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "type", content = "param")]
pub enum Toggle {
    /// Must be off.
    Off,
    /// Must be on.
    On,
    /// Follows the named [`ParamKind::Flag`] parameter.
    Param(&'static str),
}

/// One parameter of a preset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ParamSpec {
    /// Key in the profile's `params` object (camelCase).
    pub name: &'static str,
    /// Form label.
    pub label: &'static str,
    /// Help text with an example.
    pub help: &'static str,
    /// What values are accepted and how they render in templates.
    pub kind: ParamKind,
    /// Whether a profile must give it (a required parameter has no default).
    pub required: bool,
    /// The value used when the profile does not give one.
    pub default: ParamDefault,
}

/// What a parameter accepts and how its value renders into a template.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    tag = "type"
)]
pub enum ParamKind {
    /// A DNS host name with at least one dot, lower case, no scheme, port or
    /// path (`acme.eu.auth0.com`). Rendered as is.
    Domain,
    /// A host name, `localhost` or an IPv4 address, optionally with `:port`
    /// (`sso.example.com:8443`). Rendered as is.
    Host,
    /// One DNS label: lower-case letters, digits and inner hyphens, at most 63
    /// characters (a Firebase project id, an AWS region). Rendered as is.
    Label,
    /// One URL path segment: letters, digits, `-`, `_`, `.`, `~` (a Keycloak
    /// realm). Rendered as is.
    PathSegment,
    /// An http(s) URL without query or fragment that templates append paths
    /// to. Rendered without its trailing slash, so `https://x.io/` and
    /// `https://x.io` both give `https://x.io/api/...`.
    BaseUrl,
    /// A valid redirect URI. Rendered exactly as written.
    Url,
    /// A list of valid redirect URIs, each rendered exactly as written.
    UrlList,
    /// One of `options`, by value. Rendered as the value.
    Choice {
        /// The accepted values.
        options: &'static [Choice],
    },
    /// Several distinct values of `options`. Rendered once per selected value.
    MultiChoice {
        /// The accepted values.
        options: &'static [Choice],
    },
    /// A port number from 1 to 65535. Rendered with its colon (`:443`), so a
    /// template writes `{host}{port?}`.
    Port,
    /// `true` or `false`. Renders `when_set` when true, nothing when false.
    Flag {
        /// The text rendered when the flag is set.
        when_set: &'static str,
    },
}

/// One accepted value of a [`ParamKind::Choice`] or [`ParamKind::MultiChoice`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Choice {
    /// Stored value, rendered into templates.
    pub value: &'static str,
    /// Display text.
    pub label: &'static str,
}

/// The default of a parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "type", content = "value")]
pub enum ParamDefault {
    /// No default: an optional parameter left out has no value.
    None,
    /// A text value.
    Text(&'static str),
    /// A flag value.
    Flag(bool),
    /// The provider of the page being filled, as brokers name it
    /// (`instagram`, `facebook`): for aliases that default to it.
    Provider,
}

impl Preset {
    /// The preset with this id.
    pub fn find(id: &str) -> Option<&'static Preset> {
        PRESETS.iter().find(|p| p.id == id)
    }

    /// The parameter with this name.
    pub fn param(&self, name: &str) -> Option<&'static ParamSpec> {
        self.params.iter().find(|p| p.name == name)
    }

    /// Whether the broker offers `provider`'s login.
    pub fn supports(&self, provider: Provider) -> bool {
        self.providers.contains(&provider)
    }

    /// Every template of the preset, for checks over the table.
    pub fn templates(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.website_url
            .iter()
            .copied()
            .chain(self.redirect_uris.iter().copied())
            .chain(self.deauthorize_url)
            .chain(self.data_deletion_url)
    }
}

/// The built-in placeholder for the page's provider; no parameter may take
/// the name.
pub const PROVIDER_PLACEHOLDER: &str = "provider";

/// One placeholder or literal piece of a template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text copied as is.
    Literal(&'a str),
    /// `{name}` (`optional: false`) or `{name?}` (`optional: true`).
    Param {
        /// The parameter name.
        name: &'a str,
        /// Whether a missing value renders as nothing instead of dropping the template.
        optional: bool,
    },
}

/// Splits a template into literal text and placeholders.
///
/// An unclosed `{` is kept as literal text; the table test checks that no
/// template has one.
pub fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        if open > 0 {
            out.push(Piece::Literal(&rest[..open]));
        }
        let inner = &rest[open + 1..close];
        out.push(match inner.strip_suffix('?') {
            Some(name) => Piece::Param {
                name,
                optional: true,
            },
            None => Piece::Param {
                name: inner,
                optional: false,
            },
        });
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Literal(rest));
    }
    out
}

const HTTP_OR_HTTPS: &[Choice] = &[
    Choice {
        value: "https",
        label: "https",
    },
    Choice {
        value: "http",
        label: "http",
    },
];

/// Gigya's data centers as its guide lists them; `gigya.com` is the original
/// US address (`socialize.gigya.com`) its guide registers first.
const GIGYA_DATA_CENTERS: &[Choice] = &[
    Choice {
        value: "gigya.com",
        label: "US, original address (socialize.gigya.com)",
    },
    Choice {
        value: "us1.gigya.com",
        label: "US (us1.gigya.com)",
    },
    Choice {
        value: "eu1.gigya.com",
        label: "Europe (eu1.gigya.com)",
    },
    Choice {
        value: "au1.gigya.com",
        label: "Australia (au1.gigya.com)",
    },
    Choice {
        value: "ru1.gigya.com",
        label: "Russia (ru1.gigya.com)",
    },
    Choice {
        value: "cn1.gigya-api.cn",
        label: "China (cn1.gigya-api.cn)",
    },
];

/// Every preset ClientFill knows, in display order.
pub static PRESETS: &[Preset] = &[
    Preset {
        id: "auth0",
        label: "Auth0",
        source: "Auth0, \"Connect your app to Instagram\"",
        params: &[ParamSpec {
            name: "tenant",
            label: "Tenant domain or custom domain",
            help: "Your Auth0 domain, e.g. acme.eu.auth0.com, or your custom domain, e.g. login.example.com.",
            kind: ParamKind::Domain,
            required: true,
            default: ParamDefault::None,
        }],
        website_url: Some("https://{tenant}"),
        redirect_uris: &["https://{tenant}/login/callback"],
        deauthorize_url: None,
        data_deletion_url: None,
        implicit_oauth: Toggle::Off,
        providers: &Provider::ALL,
    },
    Preset {
        id: "gigya",
        label: "SAP Customer Data Cloud (Gigya)",
        source: "SAP Customer Data Cloud (Gigya), \"Instagram\" provider setup",
        params: &[
            ParamSpec {
                name: "siteUrl",
                label: "Site URL",
                help: "Your site's address, e.g. https://www.example.com.",
                kind: ParamKind::Url,
                required: true,
                default: ParamDefault::None,
            },
            ParamSpec {
                name: "dataCenters",
                label: "Data centers",
                help: "The data center of your site; the guide registers one client per region.",
                kind: ParamKind::MultiChoice {
                    options: GIGYA_DATA_CENTERS,
                },
                required: false,
                default: ParamDefault::None,
            },
            ParamSpec {
                name: "alias",
                label: "CNAME alias",
                help: "Your domain alias for socialize.gigya.com, if you configured one, e.g. login.example.com.",
                kind: ParamKind::Domain,
                required: false,
                default: ParamDefault::None,
            },
        ],
        website_url: Some("{siteUrl}"),
        redirect_uris: &[
            "https://socialize.{dataCenters}/GS/GSLogin.aspx?",
            "https://{alias}/GS/GSLogin.aspx?",
        ],
        deauthorize_url: None,
        data_deletion_url: None,
        implicit_oauth: Toggle::Off,
        providers: &[Provider::Instagram, Provider::Facebook, Provider::Google],
    },
    Preset {
        id: "loginradius",
        label: "LoginRadius",
        source: "LoginRadius, \"How to get Instagram Client ID and Client Secret?\"",
        params: &[
            ParamSpec {
                name: "protocol",
                label: "Protocol",
                help: "The protocol of your LoginRadius site.",
                kind: ParamKind::Choice {
                    options: HTTP_OR_HTTPS,
                },
                required: false,
                default: ParamDefault::Text("https"),
            },
            ParamSpec {
                name: "siteName",
                label: "Site name",
                help: "Your LoginRadius site's host, e.g. acme.hub.loginradius.com.",
                kind: ParamKind::Domain,
                required: true,
                default: ParamDefault::None,
            },
            ParamSpec {
                name: "port",
                label: "Port",
                help: "The port LoginRadius shows in its redirect URI; hosted sites (…hub.loginradius.com) use 443.",
                kind: ParamKind::Port,
                required: false,
                default: ParamDefault::None,
            },
        ],
        website_url: Some("{protocol}://{siteName}"),
        redirect_uris: &["{protocol}://{siteName}{port?}/socialauth/validate.sauth"],
        deauthorize_url: None,
        data_deletion_url: None,
        implicit_oauth: Toggle::Off,
        providers: &[Provider::Instagram, Provider::Facebook, Provider::GitHub, Provider::Google],
    },
    Preset {
        id: "strapi",
        label: "Strapi (Users & Permissions)",
        source: "Strapi, \"Users & Permissions providers\" (Facebook, Instagram)",
        params: &[ParamSpec {
            name: "backendUrl",
            label: "Backend URL",
            help: "Your Strapi server's public https address, e.g. https://65e60559.ngrok.io (Meta refuses localhost).",
            kind: ParamKind::BaseUrl,
            required: true,
            default: ParamDefault::None,
        }],
        website_url: Some("{backendUrl}"),
        redirect_uris: &["{backendUrl}/api/connect/{provider}/callback"],
        deauthorize_url: Some("{backendUrl}"),
        data_deletion_url: Some("{backendUrl}"),
        implicit_oauth: Toggle::Off,
        providers: &Provider::ALL,
    },
    Preset {
        id: "token-testing",
        label: "Access token for testing (localhost)",
        source: "wikiHow, \"How to Get an Instagram Access Token\"",
        params: &[],
        website_url: Some("http://localhost"),
        redirect_uris: &["http://localhost"],
        deauthorize_url: None,
        data_deletion_url: None,
        // The token comes back in the URL fragment: the client-side flow.
        implicit_oauth: Toggle::On,
        providers: &[Provider::Instagram],
    },
    Preset {
        id: "keycloak",
        label: "Keycloak",
        source: "Keycloak Server Administration Guide, identity brokering",
        params: &[
            ParamSpec {
                name: "host",
                label: "Server host",
                help: "Your Keycloak server's host, with its port if not 443, e.g. sso.example.com.",
                kind: ParamKind::Host,
                required: true,
                default: ParamDefault::None,
            },
            ParamSpec {
                name: "realm",
                label: "Realm",
                help: "The realm name, e.g. master.",
                kind: ParamKind::PathSegment,
                required: true,
                default: ParamDefault::None,
            },
            ParamSpec {
                name: "alias",
                label: "Identity provider alias",
                help: "The alias of the identity provider in Keycloak; by default the provider's id (instagram, facebook, github, google).",
                kind: ParamKind::PathSegment,
                required: false,
                default: ParamDefault::Provider,
            },
            ParamSpec {
                name: "legacyAuthPath",
                label: "Keycloak 16 or older (/auth prefix)",
                help: "Older Keycloak servers serve everything under /auth.",
                kind: ParamKind::Flag { when_set: "/auth" },
                required: false,
                default: ParamDefault::Flag(false),
            },
        ],
        website_url: Some("https://{host}"),
        redirect_uris: &["https://{host}{legacyAuthPath?}/realms/{realm}/broker/{alias}/endpoint"],
        deauthorize_url: None,
        data_deletion_url: None,
        implicit_oauth: Toggle::Off,
        providers: &[Provider::Instagram, Provider::Facebook, Provider::GitHub, Provider::Google],
    },
    Preset {
        id: "authjs",
        label: "Auth.js / NextAuth.js",
        source: "Auth.js, Facebook and Instagram providers",
        params: &[ParamSpec {
            name: "siteUrl",
            label: "Site URL",
            help: "Your site's address, e.g. https://www.example.com.",
            kind: ParamKind::BaseUrl,
            required: true,
            default: ParamDefault::None,
        }],
        website_url: Some("{siteUrl}"),
        redirect_uris: &["{siteUrl}/api/auth/callback/{provider}"],
        deauthorize_url: None,
        data_deletion_url: None,
        implicit_oauth: Toggle::Off,
        providers: &Provider::ALL,
    },
    Preset {
        id: "firebase",
        label: "Firebase Authentication",
        source: "Firebase, Facebook Login with the JavaScript SDK",
        params: &[ParamSpec {
            name: "projectId",
            label: "Project ID",
            help: "Your Firebase project id, e.g. acme-prod.",
            kind: ParamKind::Label,
            required: true,
            default: ParamDefault::None,
        }],
        website_url: None,
        redirect_uris: &["https://{projectId}.firebaseapp.com/__/auth/handler"],
        deauthorize_url: None,
        data_deletion_url: None,
        implicit_oauth: Toggle::Off,
        providers: &[Provider::Facebook, Provider::GitHub, Provider::Google],
    },
    Preset {
        id: "supabase",
        label: "Supabase Auth",
        source: "Supabase, Login with Facebook",
        params: &[ParamSpec {
            name: "projectRef",
            label: "Project reference",
            help: "The id in your project's URL, e.g. abcdefghijklmnopqrst.",
            kind: ParamKind::Label,
            required: true,
            default: ParamDefault::None,
        }],
        website_url: None,
        redirect_uris: &["https://{projectRef}.supabase.co/auth/v1/callback"],
        deauthorize_url: None,
        data_deletion_url: None,
        implicit_oauth: Toggle::Off,
        providers: &[Provider::Facebook, Provider::GitHub, Provider::Google, Provider::Discord],
    },
    Preset {
        id: "cognito",
        label: "Amazon Cognito",
        source: "Amazon Cognito Developer Guide, social identity providers",
        params: &[
            ParamSpec {
                name: "domainPrefix",
                label: "Domain prefix",
                help: "Your user pool's domain prefix, e.g. acme.",
                kind: ParamKind::Label,
                required: true,
                default: ParamDefault::None,
            },
            ParamSpec {
                name: "region",
                label: "Region",
                help: "The user pool's AWS region, e.g. us-east-1.",
                kind: ParamKind::Label,
                required: true,
                default: ParamDefault::None,
            },
        ],
        website_url: None,
        redirect_uris: &["https://{domainPrefix}.auth.{region}.amazoncognito.com/oauth2/idpresponse"],
        deauthorize_url: None,
        data_deletion_url: None,
        implicit_oauth: Toggle::Off,
        providers: &[Provider::Facebook, Provider::Google],
    },
    Preset {
        id: "okta",
        label: "Okta",
        source: "Okta Developer, Add an external Identity Provider",
        params: &[ParamSpec {
            name: "oktaDomain",
            label: "Okta domain",
            help: "Your Okta org's domain, e.g. dev-123456.okta.com.",
            kind: ParamKind::Domain,
            required: true,
            default: ParamDefault::None,
        }],
        website_url: None,
        redirect_uris: &["https://{oktaDomain}/oauth2/v1/authorize/callback"],
        deauthorize_url: None,
        data_deletion_url: None,
        implicit_oauth: Toggle::Off,
        providers: &[Provider::Facebook, Provider::GitHub, Provider::Google, Provider::Discord],
    },
    Preset {
        id: "better-auth",
        label: "Better Auth",
        source: "Better Auth, social providers (GitHub, Google, Discord, Facebook)",
        params: &[ParamSpec {
            name: "baseUrl",
            label: "Base URL",
            help: "Your app's address, the baseURL Better Auth runs on, e.g. https://www.example.com.",
            kind: ParamKind::BaseUrl,
            required: true,
            default: ParamDefault::None,
        }],
        website_url: Some("{baseUrl}"),
        redirect_uris: &["{baseUrl}/api/auth/callback/{provider}"],
        deauthorize_url: None,
        data_deletion_url: None,
        implicit_oauth: Toggle::Off,
        providers: &[
            Provider::Facebook,
            Provider::GitHub,
            Provider::Google,
            Provider::Discord,
        ],
    },
    Preset {
        id: "clerk",
        label: "Clerk",
        source: "Clerk, social connections with custom credentials",
        params: &[ParamSpec {
            name: "frontendApi",
            label: "Frontend API host",
            help: "Your instance's Frontend API host, shown with the redirect URI in Clerk's dashboard, e.g. clerk.example.com or acme-12.clerk.accounts.dev.",
            kind: ParamKind::Domain,
            required: true,
            default: ParamDefault::None,
        }],
        website_url: None,
        redirect_uris: &["https://{frontendApi}/v1/oauth_callback"],
        deauthorize_url: None,
        data_deletion_url: None,
        implicit_oauth: Toggle::Off,
        providers: &[
            Provider::Facebook,
            Provider::GitHub,
            Provider::Google,
            Provider::Discord,
        ],
    },
    Preset {
        id: "django-allauth",
        label: "django-allauth",
        source: "django-allauth, social account providers",
        params: &[ParamSpec {
            name: "siteUrl",
            label: "Site URL",
            help: "Your Django site's address, e.g. https://www.example.com (with the prefix allauth's URLs are included under, if not /accounts/ at the root).",
            kind: ParamKind::BaseUrl,
            required: true,
            default: ParamDefault::None,
        }],
        website_url: Some("{siteUrl}"),
        redirect_uris: &["{siteUrl}/accounts/{provider}/login/callback/"],
        deauthorize_url: None,
        data_deletion_url: None,
        implicit_oauth: Toggle::Off,
        providers: &Provider::ALL,
    },
    Preset {
        id: "custom",
        label: "Custom",
        source: "Your own list",
        params: &[
            ParamSpec {
                name: "redirectUris",
                label: "Redirect URIs",
                help: "Each URI exactly as your server sends it.",
                kind: ParamKind::UrlList,
                required: true,
                default: ParamDefault::None,
            },
            ParamSpec {
                name: "implicitOauth",
                label: "Client-side token flow (implicit OAuth)",
                help: "Set if your app reads the access token from the URL fragment.",
                kind: ParamKind::Flag { when_set: "" },
                required: false,
                default: ParamDefault::Flag(false),
            },
        ],
        website_url: None,
        redirect_uris: &["{redirectUris}"],
        deauthorize_url: None,
        data_deletion_url: None,
        implicit_oauth: Toggle::Param("implicitOauth"),
        providers: &Provider::ALL,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_splits_literals_and_placeholders() {
        assert_eq!(
            pieces("{protocol}://{siteName}{port?}/x"),
            vec![
                Piece::Param {
                    name: "protocol",
                    optional: false
                },
                Piece::Literal("://"),
                Piece::Param {
                    name: "siteName",
                    optional: false
                },
                Piece::Param {
                    name: "port",
                    optional: true
                },
                Piece::Literal("/x"),
            ]
        );
        assert_eq!(
            pieces("http://localhost"),
            vec![Piece::Literal("http://localhost")]
        );
        assert_eq!(pieces("a{b"), vec![Piece::Literal("a{b")]);
    }

    #[test]
    fn ids_are_unique_kebab_case() {
        for (i, preset) in PRESETS.iter().enumerate() {
            assert!(
                preset
                    .id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                preset.id
            );
            assert!(
                PRESETS[..i].iter().all(|p| p.id != preset.id),
                "duplicate {}",
                preset.id
            );
            assert_eq!(Preset::find(preset.id), Some(preset));
        }
        assert_eq!(Preset::find("nope"), None);
    }

    #[test]
    fn the_table_lists_the_issue_presets() {
        let ids: Vec<&str> = PRESETS.iter().map(|p| p.id).collect();
        assert_eq!(
            ids,
            [
                "auth0",
                "gigya",
                "loginradius",
                "strapi",
                "token-testing",
                "keycloak",
                "authjs",
                "firebase",
                "supabase",
                "cognito",
                "okta",
                "better-auth",
                "clerk",
                "django-allauth",
                "custom"
            ]
        );
    }

    /// The table's own consistency: what a new entry must respect.
    #[test]
    fn every_template_is_well_formed() {
        for preset in PRESETS {
            assert!(!preset.redirect_uris.is_empty(), "{}", preset.id);
            for template in preset.templates() {
                let pieces = pieces(template);
                let mut lists = 0;
                for piece in &pieces {
                    match piece {
                        Piece::Literal(text) => {
                            assert!(!text.contains(['{', '}']), "{}: {template}", preset.id)
                        }
                        Piece::Param { name, .. } if *name == PROVIDER_PLACEHOLDER => {
                            assert!(
                                preset.param(name).is_none(),
                                "{}: a parameter shadows {{provider}}",
                                preset.id
                            );
                        }
                        Piece::Param { name, .. } => {
                            let spec = preset
                                .param(name)
                                .unwrap_or_else(|| panic!("{}: unknown {name}", preset.id));
                            if matches!(
                                spec.kind,
                                ParamKind::UrlList | ParamKind::MultiChoice { .. }
                            ) {
                                lists += 1;
                            }
                        }
                    }
                }
                assert!(lists <= 1, "{}: {template} expands two lists", preset.id);
            }
        }
    }

    #[test]
    fn every_param_is_used_and_consistent() {
        for preset in PRESETS {
            for (i, spec) in preset.params.iter().enumerate() {
                assert!(
                    preset.params[..i].iter().all(|p| p.name != spec.name),
                    "{}: duplicate {}",
                    preset.id,
                    spec.name
                );
                let used = preset.templates().any(|t| {
                    pieces(t)
                        .iter()
                        .any(|p| matches!(p, Piece::Param { name, .. } if *name == spec.name))
                }) || preset.implicit_oauth == Toggle::Param(spec.name);
                assert!(used, "{}: {} is never used", preset.id, spec.name);
                if spec.required {
                    assert_eq!(spec.default, ParamDefault::None, "{}", spec.name);
                }
                match (spec.kind, spec.default) {
                    (_, ParamDefault::None) => {}
                    (ParamKind::Flag { .. }, ParamDefault::Flag(_)) => {}
                    (ParamKind::Choice { options }, ParamDefault::Text(v)) => {
                        assert!(options.iter().any(|o| o.value == v), "{}", spec.name)
                    }
                    (ParamKind::PathSegment, ParamDefault::Text(_) | ParamDefault::Provider) => {}
                    other => panic!("{}: default does not fit kind: {other:?}", spec.name),
                }
            }
            if let Toggle::Param(name) = preset.implicit_oauth {
                assert!(
                    matches!(
                        preset.param(name).map(|p| p.kind),
                        Some(ParamKind::Flag { .. })
                    ),
                    "{}",
                    preset.id
                );
            }
        }
    }

    #[test]
    fn presets_serialize_for_the_options_page() {
        let json = serde_json::to_value(Preset::find("loginradius").unwrap()).unwrap();
        assert_eq!(json["id"], "loginradius");
        assert_eq!(json["params"][0]["kind"]["type"], "choice");
        assert_eq!(json["params"][0]["default"]["value"], "https");
        assert_eq!(json["params"][2]["kind"]["type"], "port");
        assert_eq!(
            json["redirectUris"][0],
            "{protocol}://{siteName}{port?}/socialauth/validate.sauth"
        );
        assert_eq!(json["implicitOauth"]["type"], "off");
    }
}
