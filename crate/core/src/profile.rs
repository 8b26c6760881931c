//! Profiles: what the user keeps per site, the portal values derived from
//! them, and the versioned JSON format they are stored and exchanged in.
//!
//! A [`Profile`] names a broker [`Preset`] and gives its parameters;
//! [`Profile::values`] derives everything a portal form asks for. Optional
//! user fields (app name, description, company, Website URL, privacy policy,
//! contact email, Deauthorize and Data Deletion URLs) fill in what the broker
//! does not define, and override what it does.
//!
//! The JSON format is documented in `docs/profiles.md`; [`import`] validates a
//! whole document and returns either every profile or every problem, so an
//! import with an error changes nothing.
//!
//! ```
//! use clientfill_core::profile::Profile;
//!
//! let profile = Profile::new("acme", "Acme", "auth0").with_param("tenant", "acme.eu.auth0.com");
//! let values = profile.values().unwrap();
//! assert_eq!(values.website_url.as_deref(), Some("https://acme.eu.auth0.com"));
//! assert_eq!(values.redirect_uris, ["https://acme.eu.auth0.com/login/callback"]);
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::portal::Portal;
use crate::preset::{
    ParamDefault, ParamKind, ParamSpec, Piece, Preset, Toggle, PRESETS, PROVIDER_PLACEHOLDER,
};
use crate::provider::Provider;
use crate::uri::RedirectUri;

/// The `format` value of a profiles document.
pub const FORMAT: &str = "clientfill-profiles";
/// The document version this code reads and writes.
pub const VERSION: u64 = 1;
/// The most profiles one document may hold.
pub const MAX_PROFILES: usize = 500;

const MAX_ID: usize = 64;
const MAX_NAME: usize = 100;
const MAX_TEXT: usize = 2048;
const MAX_LIST: usize = 100;

/// A parameter value as stored in a profile's `params` object.
///
/// Which variant a parameter needs depends on its [`ParamKind`]: a flag takes
/// `Flag`, a port `Number`, lists `List`, everything else `Text`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ParamValue {
    /// `true` / `false`.
    Flag(bool),
    /// A whole number (ports).
    Number(u64),
    /// Text.
    Text(String),
    /// A list of texts.
    List(Vec<String>),
}

impl From<&str> for ParamValue {
    fn from(value: &str) -> Self {
        ParamValue::Text(value.to_owned())
    }
}

impl From<String> for ParamValue {
    fn from(value: String) -> Self {
        ParamValue::Text(value)
    }
}

impl From<bool> for ParamValue {
    fn from(value: bool) -> Self {
        ParamValue::Flag(value)
    }
}

impl From<u16> for ParamValue {
    fn from(value: u16) -> Self {
        ParamValue::Number(value.into())
    }
}

impl From<Vec<String>> for ParamValue {
    fn from(value: Vec<String>) -> Self {
        ParamValue::List(value)
    }
}

impl From<&[&str]> for ParamValue {
    fn from(value: &[&str]) -> Self {
        ParamValue::List(value.iter().map(|s| (*s).to_owned()).collect())
    }
}

impl<const N: usize> From<[&str; N]> for ParamValue {
    fn from(value: [&str; N]) -> Self {
        ParamValue::from(&value[..])
    }
}

/// What the user keeps per site: a broker preset, its parameters, and the
/// optional fields the portal asks for.
///
/// Optional text fields that are empty or blank count as absent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Profile {
    /// Stable id: lower-case letters, digits, `-` and `_`, at most 64 characters.
    pub id: String,
    /// Display name, e.g. "Acme (production)".
    pub name: String,
    /// The [`Preset`] id, e.g. `auth0`.
    pub preset: String,
    /// The preset's parameters by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, ParamValue>,
    /// Application Name (legacy) / Display Name (Meta).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_name: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Company Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_name: Option<String>,
    /// Website URL; overrides the preset's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website_url: Option<String>,
    /// Privacy Policy URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privacy_policy_url: Option<String>,
    /// Contact email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_email: Option<String>,
    /// Deauthorize Callback URL (Meta); overrides the preset's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deauthorize_url: Option<String>,
    /// Data Deletion Request URL (Meta); overrides the preset's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_deletion_url: Option<String>,
}

/// A form field of a portal, named independently of the page's markup.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ClientField {
    /// Application Name / Display Name.
    AppName,
    /// Description.
    Description,
    /// Company Name.
    CompanyName,
    /// Website URL.
    WebsiteUrl,
    /// Valid (OAuth) redirect URIs.
    RedirectUris,
    /// Privacy Policy URL.
    PrivacyPolicyUrl,
    /// Contact email.
    ContactEmail,
    /// Deauthorize Callback URL.
    DeauthorizeUrl,
    /// Data Deletion Request URL.
    DataDeletionUrl,
    /// Authorized JavaScript origins (Google).
    JavascriptOrigins,
}

/// Everything a portal form needs, derived from a profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientValues {
    /// Application Name / Display Name.
    pub app_name: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Company Name.
    pub company_name: Option<String>,
    /// Website URL.
    pub website_url: Option<String>,
    /// Redirect URIs, exactly as the broker sends them, in its order.
    pub redirect_uris: Vec<String>,
    /// Privacy Policy URL.
    pub privacy_policy_url: Option<String>,
    /// Contact email.
    pub contact_email: Option<String>,
    /// Deauthorize Callback URL (Meta).
    pub deauthorize_url: Option<String>,
    /// Data Deletion Request URL (Meta).
    pub data_deletion_url: Option<String>,
    /// Whether implicit (client-side token) OAuth must be enabled, i.e. the
    /// legacy portal's "Disable implicit OAuth" box must be unchecked. When
    /// false the box is left as the portal has it (checked by default).
    pub implicit_oauth: bool,
    /// Google's Authorized JavaScript origins: the Website URL's origin
    /// (scheme, host and port, no path), when there is a Website URL.
    #[serde(default)]
    pub javascript_origins: Vec<String>,
}

impl ClientValues {
    /// Fields `portal` needs that these values leave empty.
    ///
    /// Legacy portal: Application Name, Description and Website URL to
    /// register (its form refuses to submit without them), and
    /// Company Name, Privacy Policy URL and Contact email to start a permissions
    /// submission (LoginRadius's guide). Meta: Display Name, and the
    /// Deauthorize and Data Deletion URLs of the Instagram product (Strapi's
    /// guide).
    pub fn missing_for(&self, portal: Portal) -> Vec<ClientField> {
        let fields: &[(ClientField, bool)] = match portal {
            Portal::LegacyInstagram => &[
                (ClientField::AppName, self.app_name.is_some()),
                (ClientField::Description, self.description.is_some()),
                (ClientField::WebsiteUrl, self.website_url.is_some()),
                (ClientField::RedirectUris, !self.redirect_uris.is_empty()),
                (ClientField::CompanyName, self.company_name.is_some()),
                (
                    ClientField::PrivacyPolicyUrl,
                    self.privacy_policy_url.is_some(),
                ),
                (ClientField::ContactEmail, self.contact_email.is_some()),
            ],
            Portal::Meta => &[
                (ClientField::AppName, self.app_name.is_some()),
                (ClientField::RedirectUris, !self.redirect_uris.is_empty()),
                (ClientField::DeauthorizeUrl, self.deauthorize_url.is_some()),
                (
                    ClientField::DataDeletionUrl,
                    self.data_deletion_url.is_some(),
                ),
            ],
            // GitHub's form requires all three.
            Portal::GitHub => &[
                (ClientField::AppName, self.app_name.is_some()),
                (ClientField::WebsiteUrl, self.website_url.is_some()),
                (ClientField::RedirectUris, !self.redirect_uris.is_empty()),
            ],
            Portal::Google | Portal::Discord => &[
                (ClientField::AppName, self.app_name.is_some()),
                (ClientField::RedirectUris, !self.redirect_uris.is_empty()),
            ],
        };
        fields
            .iter()
            .filter(|(_, present)| !present)
            .map(|(field, _)| *field)
            .collect()
    }
}

/// One problem found in a profile or a profiles document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportProblem {
    /// Where: a path into the document such as `profiles[2].params.tenant`
    /// (relative to the profile, e.g. `params.tenant`, from
    /// [`Profile::validate`]); empty for the document as a whole.
    pub path: String,
    /// What is wrong, in plain language.
    pub message: String,
}

impl ImportProblem {
    fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        ImportProblem {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl Profile {
    /// A profile with no parameters and no optional fields.
    pub fn new(id: impl Into<String>, name: impl Into<String>, preset: impl Into<String>) -> Self {
        Profile {
            id: id.into(),
            name: name.into(),
            preset: preset.into(),
            params: BTreeMap::new(),
            app_name: None,
            description: None,
            company_name: None,
            website_url: None,
            privacy_policy_url: None,
            contact_email: None,
            deauthorize_url: None,
            data_deletion_url: None,
        }
    }

    /// The same profile with one parameter set.
    pub fn with_param(mut self, name: impl Into<String>, value: impl Into<ParamValue>) -> Self {
        self.params.insert(name.into(), value.into());
        self
    }

    /// The profile's preset, if its id is known.
    pub fn preset(&self) -> Option<&'static Preset> {
        Preset::find(&self.preset)
    }

    /// Checks the whole profile: id, name, preset, every parameter against
    /// the preset, and the optional fields. Paths are relative to the profile.
    pub fn validate(&self) -> Result<(), Vec<ImportProblem>> {
        self.derive(self.first_provider()).map(|_| ())
    }

    /// The first login the profile's broker offers: what a profile is
    /// checked with, whatever page it is for.
    fn first_provider(&self) -> Provider {
        self.preset()
            .and_then(|p| p.providers.first().copied())
            .unwrap_or_default()
    }

    /// Whether the profile's broker offers `provider`'s login (an unknown
    /// preset offers none).
    pub fn supports(&self, provider: Provider) -> bool {
        self.preset().is_some_and(|p| p.supports(provider))
    }

    /// Derives every value a page asks for, for the first login the broker
    /// offers (Instagram for the brokers that still document it); see
    /// [`values_for`](Self::values_for).
    pub fn values(&self) -> Result<ClientValues, Vec<ImportProblem>> {
        self.derive(self.first_provider())
    }

    /// Derives every value a page for `provider`'s login asks for: templates
    /// that name the provider (`{provider}`, an alias defaulting to it) take
    /// it from there. Fails with the same problems as
    /// [`validate`](Self::validate).
    pub fn values_for(&self, provider: Provider) -> Result<ClientValues, Vec<ImportProblem>> {
        self.derive(provider)
    }

    fn derive(&self, provider: Provider) -> Result<ClientValues, Vec<ImportProblem>> {
        let mut problems = Vec::new();
        check_id(&self.id, "id", &mut problems);
        check_line(
            &self.name,
            "name",
            "The name",
            MAX_NAME,
            true,
            &mut problems,
        );
        let preset = match self.preset() {
            Some(preset) => Some(preset),
            None => {
                problems.push(ImportProblem::new("preset", unknown_preset(&self.preset)));
                None
            }
        };
        self.check_fields(&mut problems);
        let Some(preset) = preset else {
            return Err(problems);
        };
        if !preset.supports(provider) {
            // Checked with a login the broker offers, so the profile's own
            // problems are still found.
            let offered = preset.providers.first().copied().unwrap_or_default();
            if problems.is_empty() && offered != provider {
                self.derive(offered)?;
            }
            problems.push(ImportProblem::new(
                "provider",
                unsupported(preset, provider),
            ));
            return Err(problems);
        }
        let mut rendered = check_params(preset, &self.params, provider, &mut problems);
        if !problems.is_empty() {
            return Err(problems);
        }
        rendered.insert(
            PROVIDER_PLACEHOLDER,
            Rendered {
                texts: vec![provider.as_str().to_owned()],
                ..Rendered::default()
            },
        );

        let one =
            |template: Option<&str>| template.and_then(|t| expand(t, &rendered).into_iter().next());
        let redirect_uris: Vec<String> = preset
            .redirect_uris
            .iter()
            .flat_map(|t| expand(t, &rendered))
            .collect();
        if redirect_uris.is_empty() {
            let names: Vec<&str> = preset
                .params
                .iter()
                .filter(|p| {
                    preset.redirect_uris.iter().any(|t| {
                        crate::preset::pieces(t).iter().any(
                            |piece| matches!(piece, Piece::Param { name, .. } if *name == p.name),
                        )
                    })
                })
                .map(|p| p.label)
                .collect();
            problems.push(ImportProblem::new(
                "params",
                format!(
                    "{} gives no redirect URI this way: set at least one of {}.",
                    preset.label,
                    names.join(", ")
                ),
            ));
        }
        // A safety net for the table: every derived URI must be valid.
        for uri in &redirect_uris {
            if let Err(errors) = RedirectUri::parse(uri) {
                problems.push(ImportProblem::new(
                    "params",
                    format!(
                        "The redirect URI {uri} built from these parameters is not valid: {}",
                        errors[0]
                    ),
                ));
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let implicit_oauth = match preset.implicit_oauth {
            Toggle::Off => false,
            Toggle::On => true,
            Toggle::Param(name) => rendered.get(name).is_some_and(|r| r.flag),
        };
        Ok(ClientValues {
            app_name: present(&self.app_name),
            description: present(&self.description),
            company_name: present(&self.company_name),
            website_url: present(&self.website_url).or_else(|| one(preset.website_url)),
            redirect_uris,
            privacy_policy_url: present(&self.privacy_policy_url),
            contact_email: present(&self.contact_email),
            deauthorize_url: present(&self.deauthorize_url).or_else(|| one(preset.deauthorize_url)),
            data_deletion_url: present(&self.data_deletion_url)
                .or_else(|| one(preset.data_deletion_url)),
            implicit_oauth,
            javascript_origins: present(&self.website_url)
                .or_else(|| one(preset.website_url))
                .and_then(|url| origin_of(&url))
                .into_iter()
                .collect(),
        })
    }

    fn check_fields(&self, problems: &mut Vec<ImportProblem>) {
        let lines = [
            (&self.app_name, "appName", "The app name", MAX_NAME),
            (
                &self.company_name,
                "companyName",
                "The company name",
                MAX_NAME,
            ),
        ];
        for (value, path, what, max) in lines {
            if let Some(value) = present(value) {
                check_line(&value, path, what, max, false, problems);
            }
        }
        if let Some(description) = present(&self.description) {
            if description.chars().count() > MAX_TEXT {
                problems.push(ImportProblem::new(
                    "description",
                    format!("The description is longer than {MAX_TEXT} characters."),
                ));
            }
            if description
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
            {
                problems.push(ImportProblem::new(
                    "description",
                    "The description contains a control character.",
                ));
            }
        }
        let urls = [
            (&self.website_url, "websiteUrl", "The Website URL"),
            (
                &self.privacy_policy_url,
                "privacyPolicyUrl",
                "The Privacy Policy URL",
            ),
            (
                &self.deauthorize_url,
                "deauthorizeUrl",
                "The Deauthorize Callback URL",
            ),
            (
                &self.data_deletion_url,
                "dataDeletionUrl",
                "The Data Deletion Request URL",
            ),
        ];
        for (value, path, what) in urls {
            if let Some(value) = present(value) {
                if let Err(message) = check_url(&value) {
                    problems.push(ImportProblem::new(path, format!("{what}: {message}")));
                }
            }
        }
        if let Some(email) = present(&self.contact_email) {
            if let Err(message) = check_email(&email) {
                problems.push(ImportProblem::new("contactEmail", message));
            }
        }
    }
}

/// The optional field's value, when it is not blank.
fn present(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .filter(|v| !v.trim().is_empty())
        .map(str::to_owned)
}

/// The sentence for a broker that has no login of `provider`.
pub fn unsupported(preset: &Preset, provider: Provider) -> String {
    let offered: Vec<&str> = preset.providers.iter().map(|p| p.label()).collect();
    format!(
        "{} has no {} login, so there is no redirect URI to register for it here. It offers \
         {}; for another broker, make a profile with its preset (or Custom with the exact URIs).",
        preset.label,
        provider.label(),
        offered.join(", ")
    )
}

/// The origin of an http(s) URL (scheme, host and port as written, no
/// path), as Google's Authorized JavaScript origins take it.
fn origin_of(url: &str) -> Option<String> {
    let uri = RedirectUri::parse(url).ok()?;
    let port = uri
        .written_port()
        .map(|p| format!(":{p}"))
        .unwrap_or_default();
    Some(format!("{}://{}{port}", uri.scheme(), uri.host()))
}

fn unknown_preset(id: &str) -> String {
    let ids: Vec<&str> = PRESETS.iter().map(|p| p.id).collect();
    format!(
        "Unknown preset \"{id}\". Known presets: {}.",
        ids.join(", ")
    )
}

fn check_id(id: &str, path: &str, problems: &mut Vec<ImportProblem>) {
    if id.is_empty() {
        problems.push(ImportProblem::new(path, "The id is empty."));
    } else if id.len() > MAX_ID
        || !id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
    {
        problems.push(ImportProblem::new(
            path,
            format!(
                "The id \"{id}\" must be at most {MAX_ID} lower-case letters, digits, - or _ \
                 (leave it out to have one made from the name)."
            ),
        ));
    }
}

/// A one-line text field.
fn check_line(
    value: &str,
    path: &str,
    what: &str,
    max: usize,
    required: bool,
    problems: &mut Vec<ImportProblem>,
) {
    if value.trim().is_empty() {
        if required {
            problems.push(ImportProblem::new(path, format!("{what} is empty.")));
        }
    } else if value.chars().count() > max {
        problems.push(ImportProblem::new(
            path,
            format!("{what} is longer than {max} characters."),
        ));
    } else if value.chars().any(char::is_control) {
        problems.push(ImportProblem::new(
            path,
            format!("{what} contains a line break or control character."),
        ));
    }
}

/// Any http(s) URL the portal stores (Website, Privacy Policy, Deauthorize...).
fn check_url(value: &str) -> Result<(), String> {
    if value.len() > MAX_TEXT {
        return Err(format!("longer than {MAX_TEXT} characters."));
    }
    RedirectUri::parse(value)
        .map(|_| ())
        .map_err(|errors| errors[0].message.clone())
}

fn check_email(value: &str) -> Result<(), String> {
    let bad = |why: &str| Err(format!("The contact email \"{value}\" {why}."));
    if value.len() > 254 {
        return bad("is too long");
    }
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return bad("contains a space");
    }
    let Some((local, domain)) = value.rsplit_once('@') else {
        return bad("has no @");
    };
    if local.is_empty() || local.contains('@') {
        return bad("is not a single address");
    }
    if !domain.contains('.')
        || domain.starts_with('.')
        || domain.ends_with('.')
        || domain.contains("..")
    {
        return bad("has no valid domain after the @");
    }
    Ok(())
}

/// A parameter's value ready for templates.
#[derive(Clone, Debug, Default)]
struct Rendered {
    /// One entry, or one per list item.
    texts: Vec<String>,
    /// Whether the parameter is a list (expands per item, even when empty).
    list: bool,
    /// The boolean of a flag.
    flag: bool,
}

/// Validates `params` against `preset`, returning the rendered value of every
/// parameter that has one (given or default).
fn check_params(
    preset: &Preset,
    params: &BTreeMap<String, ParamValue>,
    provider: Provider,
    problems: &mut Vec<ImportProblem>,
) -> BTreeMap<&'static str, Rendered> {
    for name in params.keys() {
        if preset.param(name).is_none() {
            let known: Vec<&str> = preset.params.iter().map(|p| p.name).collect();
            let takes = if known.is_empty() {
                "takes no parameters".to_owned()
            } else {
                format!("takes {}", known.join(", "))
            };
            problems.push(ImportProblem::new(
                param_path(name),
                format!("Unknown parameter \"{name}\": {} {takes}.", preset.label),
            ));
        }
    }
    let mut rendered = BTreeMap::new();
    for spec in preset.params {
        let path = param_path(spec.name);
        let value = params.get(spec.name).filter(|v| !is_blank(v));
        let value = match (value, spec.default) {
            (Some(value), _) => value.clone(),
            (None, ParamDefault::Text(text)) => ParamValue::Text(text.to_owned()),
            (None, ParamDefault::Flag(flag)) => ParamValue::Flag(flag),
            (None, ParamDefault::Provider) => ParamValue::Text(provider.as_str().to_owned()),
            (None, ParamDefault::None) => {
                if spec.required {
                    problems.push(ImportProblem::new(
                        path,
                        format!("{} is required. {}", spec.label, spec.help),
                    ));
                }
                continue;
            }
        };
        match render(spec, &value) {
            Ok(r) => {
                rendered.insert(spec.name, r);
            }
            Err(errors) => problems.extend(errors.into_iter().map(|(sub, message)| {
                ImportProblem::new(format!("{path}{sub}"), format!("{}: {message}", spec.label))
            })),
        }
    }
    rendered
}

fn param_path(name: &str) -> String {
    field_path("params", name)
}

/// `base.key`, or `base["key"]` when the key is not a plain identifier.
fn field_path(base: &str, key: &str) -> String {
    let plain = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let key = if plain {
        format!(".{key}")
    } else {
        format!("[{}]", Value::String(key.to_owned()))
    };
    if base.is_empty() {
        key.trim_start_matches('.').to_owned()
    } else {
        format!("{base}{key}")
    }
}

/// An empty text or list counts as not given.
fn is_blank(value: &ParamValue) -> bool {
    match value {
        ParamValue::Text(text) => text.trim().is_empty(),
        ParamValue::List(list) => list.is_empty(),
        ParamValue::Flag(_) | ParamValue::Number(_) => false,
    }
}

type SubProblems = Vec<(String, String)>;

fn one(message: impl Into<String>) -> SubProblems {
    vec![(String::new(), message.into())]
}

/// Checks one value against its spec and renders it.
fn render(spec: &ParamSpec, value: &ParamValue) -> Result<Rendered, SubProblems> {
    let text = |texts: Vec<String>| Rendered {
        texts,
        list: false,
        flag: false,
    };
    match (spec.kind, value) {
        (ParamKind::Flag { when_set }, ParamValue::Flag(flag)) => Ok(Rendered {
            texts: vec![if *flag {
                when_set.to_owned()
            } else {
                String::new()
            }],
            list: false,
            flag: *flag,
        }),
        (ParamKind::Flag { .. }, _) => Err(one("expected true or false.")),
        (ParamKind::Port, ParamValue::Number(port)) if (1..=65535).contains(port) => {
            Ok(text(vec![format!(":{port}")]))
        }
        (ParamKind::Port, _) => Err(one("expected a port number from 1 to 65535, e.g. 443.")),
        (ParamKind::UrlList, ParamValue::List(items)) => {
            let mut errors = SubProblems::new();
            if items.len() > MAX_LIST {
                errors.push((String::new(), format!("more than {MAX_LIST} URIs.")));
            }
            for (i, item) in items.iter().enumerate() {
                if let Err(message) = check_url(item) {
                    errors.push((format!("[{i}]"), message));
                } else if let Some(first) = items[..i].iter().position(|x| x == item) {
                    errors.push((
                        format!("[{i}]"),
                        format!("{item} is already entry {first}."),
                    ));
                }
            }
            if errors.is_empty() {
                Ok(Rendered {
                    texts: items.clone(),
                    list: true,
                    flag: false,
                })
            } else {
                Err(errors)
            }
        }
        (ParamKind::UrlList, _) => Err(one("expected a list of URIs.")),
        (ParamKind::MultiChoice { options }, ParamValue::List(items)) => {
            let mut errors = SubProblems::new();
            for (i, item) in items.iter().enumerate() {
                if !options.iter().any(|o| o.value == item) {
                    errors.push((format!("[{i}]"), not_an_option(item, options)));
                } else if items[..i].contains(item) {
                    errors.push((format!("[{i}]"), format!("\"{item}\" is listed twice.")));
                }
            }
            if errors.is_empty() {
                Ok(Rendered {
                    texts: items.clone(),
                    list: true,
                    flag: false,
                })
            } else {
                Err(errors)
            }
        }
        (ParamKind::MultiChoice { .. }, _) => Err(one("expected a list of values.")),
        (kind, ParamValue::Text(value)) => {
            if value.len() > MAX_TEXT {
                return Err(one(format!("longer than {MAX_TEXT} characters.")));
            }
            let checked = match kind {
                ParamKind::Domain => check_domain(value).map(|()| value.clone()),
                ParamKind::Host => check_host(value).map(|()| value.clone()),
                ParamKind::Label => check_label(value).map(|()| value.clone()),
                ParamKind::PathSegment => check_segment(value).map(|()| value.clone()),
                ParamKind::Url => check_url(value).map(|()| value.clone()),
                ParamKind::BaseUrl => check_base_url(value)
                    // Templates append "/path": drop the slash that would double.
                    .map(|()| value.strip_suffix('/').unwrap_or(value).to_owned()),
                ParamKind::Choice { options } => {
                    if options.iter().any(|o| o.value == value) {
                        Ok(value.clone())
                    } else {
                        Err(not_an_option(value, options))
                    }
                }
                ParamKind::Flag { .. }
                | ParamKind::Port
                | ParamKind::UrlList
                | ParamKind::MultiChoice { .. } => unreachable!("matched above"),
            };
            checked.map(|v| text(vec![v])).map_err(one)
        }
        (_, _) => Err(one("expected text.")),
    }
}

fn not_an_option(value: &str, options: &[crate::preset::Choice]) -> String {
    let values: Vec<&str> = options.iter().map(|o| o.value).collect();
    format!("\"{value}\" is not one of {}.", values.join(", "))
}

/// The host part of what looks like a pasted URL, for a suggestion.
fn host_of(value: &str) -> &str {
    let rest = value.split_once("://").map_or(value, |(_, rest)| rest);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    &rest[..end]
}

/// A check of one kind of value: what is wrong, in words.
type Check = fn(&str) -> Result<(), String>;

/// `": <candidate>."` when `check` accepts the candidate, else `"."`: a
/// message proposes only what would be accepted.
fn proposal(candidate: String, check: Check) -> String {
    if check(&candidate).is_ok() {
        format!(": {candidate}.")
    } else {
        ".".to_owned()
    }
}

fn check_domain(value: &str) -> Result<(), String> {
    if value.contains("://") || value.contains('/') {
        return Err(format!(
            "enter only the host name, without https:// or a path{}",
            proposal(host_of(value).to_ascii_lowercase(), check_domain)
        ));
    }
    if value.contains(':') {
        return Err("enter only the host name, without a port.".to_owned());
    }
    if !value.is_ascii() {
        return Err("write a host name with non-ASCII letters in its xn-- form.".to_owned());
    }
    if value.bytes().any(|b| b.is_ascii_uppercase()) {
        // The broker sends its host in lower case, and the portals compare as written.
        return Err(format!(
            "use lower case{}",
            proposal(value.to_ascii_lowercase(), check_domain)
        ));
    }
    if value.len() > 253 {
        return Err("the host name is longer than 253 characters.".to_owned());
    }
    if !value.contains('.') {
        return Err(format!(
            "\"{value}\" is not a full domain name: it needs a dot, e.g. login.example.com."
        ));
    }
    for label in value.split('.') {
        check_label(label).map_err(|_| format!("\"{value}\" is not a valid domain name."))?;
    }
    Ok(())
}

fn check_host(value: &str) -> Result<(), String> {
    if value.contains("://") || value.contains('/') {
        return Err(format!(
            "enter only the host (and port), without https:// or a path{}",
            proposal(host_of(value).to_ascii_lowercase(), check_host)
        ));
    }
    let (host, port) = match value.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (value, None),
    };
    if let Some(port) = port {
        if !matches!(port.parse::<u16>(), Ok(p) if p > 0) || port.starts_with('0') {
            return Err(format!("\"{port}\" is not a port number from 1 to 65535."));
        }
    }
    if host == "localhost" || is_ipv4(host) {
        return Ok(());
    }
    check_domain(host)
}

fn is_ipv4(host: &str) -> bool {
    let parts: Vec<&str> = host.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 3
                && p.bytes().all(|b| b.is_ascii_digit())
                && p.parse::<u8>().is_ok()
        })
}

fn check_label(value: &str) -> Result<(), String> {
    if value.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err(format!(
            "use lower case{}",
            proposal(value.to_ascii_lowercase(), check_label)
        ));
    }
    let ok = !value.is_empty()
        && value.len() <= 63
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !value.starts_with('-')
        && !value.ends_with('-');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "\"{value}\" must be lower-case letters, digits and inner hyphens, at most 63."
        ))
    }
}

fn check_segment(value: &str) -> Result<(), String> {
    let ok = value.len() <= 100
        && value != "."
        && value != ".."
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "\"{value}\" may contain only letters, digits, -, _, . and ~."
        ))
    }
}

fn check_base_url(value: &str) -> Result<(), String> {
    let uri = RedirectUri::parse(value).map_err(|errors| errors[0].message.clone())?;
    if uri.written_query().is_some() {
        return Err("the address must not have a ?query: paths are appended to it.".to_owned());
    }
    Ok(())
}

/// Expands one template; see the [`preset`](crate::preset) module docs.
fn expand(template: &str, rendered: &BTreeMap<&str, Rendered>) -> Vec<String> {
    let mut out = vec![String::new()];
    for piece in crate::preset::pieces(template) {
        match piece {
            Piece::Literal(text) => out.iter_mut().for_each(|s| s.push_str(text)),
            Piece::Param { name, optional } => match rendered.get(name) {
                None if optional => {}
                None => return Vec::new(),
                Some(value) if value.list => {
                    out = out
                        .iter()
                        .flat_map(|prefix| {
                            value
                                .texts
                                .iter()
                                .map(move |item| format!("{prefix}{item}"))
                        })
                        .collect();
                }
                Some(value) => {
                    let text = value.texts.first().map_or("", String::as_str);
                    out.iter_mut().for_each(|s| s.push_str(text));
                }
            },
        }
    }
    out
}

/// The id made from a name: lower-case ASCII letters and digits, other
/// characters turned into single hyphens, at most 48 characters; `profile`
/// when nothing is left.
///
/// ```
/// assert_eq!(clientfill_core::profile::slug("Acme — EU (prod)"), "acme-eu-prod");
/// ```
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 48 {
            break;
        }
    }
    let out = out.trim_matches('-');
    if out.is_empty() {
        "profile".to_owned()
    } else {
        out.to_owned()
    }
}

#[derive(Serialize)]
struct Document<'a> {
    format: &'static str,
    version: u64,
    profiles: &'a [Profile],
}

/// Writes `profiles` as a version 1 profiles document (pretty-printed JSON).
///
/// Exporting does not validate; [`import`] of the result gives back the same
/// profiles when they were valid.
pub fn export(profiles: &[Profile]) -> String {
    let document = Document {
        format: FORMAT,
        version: VERSION,
        profiles,
    };
    serde_json::to_string_pretty(&document).expect("profiles have string keys and plain values")
}

const PROFILE_FIELDS: &[&str] = &[
    "id",
    "name",
    "preset",
    "params",
    "appName",
    "description",
    "companyName",
    "websiteUrl",
    "privacyPolicyUrl",
    "contactEmail",
    "deauthorizeUrl",
    "dataDeletionUrl",
];

/// Reads a profiles document, validating everything.
///
/// Returns every profile, or every problem found (each with its path). Ids
/// left out are made from the name ([`slug`]), made unique within the document
/// by `-2`, `-3`... in document order. Callers replace or merge their stored
/// profiles only on `Ok`, so an import with any problem changes nothing.
///
/// ```
/// let json = r#"{"format":"clientfill-profiles","version":1,"profiles":[
///   {"name":"Acme","preset":"auth0","params":{"tenant":"https://acme.eu.auth0.com"}}]}"#;
/// let problems = clientfill_core::profile::import(json).unwrap_err();
/// assert_eq!(problems[0].path, "profiles[0].params.tenant");
/// ```
pub fn import(json: &str) -> Result<Vec<Profile>, Vec<ImportProblem>> {
    if json.trim().is_empty() {
        return Err(vec![ImportProblem::new(
            "",
            "The document is empty: paste a profiles document or choose a file.",
        )]);
    }
    let document: Value = serde_json::from_str(json).map_err(|error| {
        let what = error.to_string();
        // serde_json ends its message with the place, said first here.
        let what = what.split(" at line ").next().unwrap_or(&what);
        vec![ImportProblem::new(
            "",
            format!(
                "This is not valid JSON: line {}, column {}: {what}.",
                error.line(),
                error.column()
            ),
        )]
    })?;
    let Value::Object(document) = document else {
        return Err(vec![ImportProblem::new(
            "",
            "Expected a JSON object with format, version and profiles.",
        )]);
    };

    let mut problems = Vec::new();
    match document.get("format") {
        Some(Value::String(format)) if format == FORMAT => {}
        Some(other) => {
            return Err(vec![ImportProblem::new(
                "format",
                format!("This is not a ClientFill profiles file (format is {other}, expected \"{FORMAT}\")."),
            )])
        }
        None => {
            return Err(vec![ImportProblem::new(
                "format",
                format!("Missing: a ClientFill profiles file has \"format\": \"{FORMAT}\"."),
            )])
        }
    }
    match document.get("version").map(Value::as_u64) {
        Some(Some(VERSION)) => {}
        Some(Some(version)) if version > VERSION => {
            return Err(vec![ImportProblem::new(
                "version",
                format!(
                    "Version {version} was written by a newer ClientFill; this one reads version {VERSION}."
                ),
            )])
        }
        Some(_) => {
            return Err(vec![ImportProblem::new(
                "version",
                format!("Unsupported version: expected {VERSION}."),
            )])
        }
        None => {
            return Err(vec![ImportProblem::new(
                "version",
                format!("Missing: expected \"version\": {VERSION}."),
            )])
        }
    }
    for key in document.keys() {
        if !matches!(key.as_str(), "format" | "version" | "profiles") {
            problems.push(ImportProblem::new(
                field_path("", key),
                "Unknown field: a profiles document has only format, version and profiles.",
            ));
        }
    }
    let entries = match document.get("profiles") {
        Some(Value::Array(entries)) if entries.len() > MAX_PROFILES => {
            problems.push(ImportProblem::new(
                "profiles",
                format!("More than {MAX_PROFILES} profiles."),
            ));
            return Err(problems);
        }
        Some(Value::Array(entries)) => entries,
        Some(_) => {
            problems.push(ImportProblem::new(
                "profiles",
                "Expected a list of profiles.",
            ));
            return Err(problems);
        }
        None => {
            problems.push(ImportProblem::new(
                "profiles",
                "Missing: expected a list of profiles.",
            ));
            return Err(problems);
        }
    };

    // Read every entry's structure; `None` for entries too broken to check further.
    let read: Vec<Option<Profile>> = entries
        .iter()
        .enumerate()
        .map(|(i, entry)| read_profile(entry, &format!("profiles[{i}]"), &mut problems))
        .collect();

    // Ids given explicitly must be unique; those left out are made from names.
    let mut taken: BTreeMap<String, usize> = BTreeMap::new();
    for (i, entry) in entries.iter().enumerate() {
        if let Some(Value::String(id)) = entry.get("id") {
            if let Some(first) = taken.get(id) {
                problems.push(ImportProblem::new(
                    format!("profiles[{i}].id"),
                    format!("The id \"{id}\" is already used by profiles[{first}]."),
                ));
            } else {
                taken.insert(id.clone(), i);
            }
        }
    }
    let mut used: BTreeSet<String> = taken.keys().cloned().collect();
    let mut profiles = Vec::new();
    for (i, (entry, profile)) in entries.iter().zip(read).enumerate() {
        let Some(mut profile) = profile else { continue };
        if !matches!(entry.get("id"), Some(Value::String(_))) {
            profile.id = unique_id(&slug(&profile.name), &mut used);
        }
        if let Err(found) = profile.validate() {
            let prefix = format!("profiles[{i}]");
            problems.extend(found.into_iter().map(|p| ImportProblem {
                path: if p.path.is_empty() {
                    prefix.clone()
                } else {
                    format!("{prefix}.{}", p.path)
                },
                message: p.message,
            }));
        }
        profiles.push(profile);
    }
    if problems.is_empty() {
        Ok(profiles)
    } else {
        // Document order: whole-document problems first, then by profile.
        problems.sort_by_key(|p| profile_index(&p.path));
        Err(problems)
    }
}

/// `i` for a path `profiles[i]...`, `None` for the rest of the document.
fn profile_index(path: &str) -> Option<usize> {
    let rest = path.strip_prefix("profiles[")?;
    rest[..rest.find(']')?].parse().ok()
}

pub(crate) fn unique_id(base: &str, used: &mut BTreeSet<String>) -> String {
    let mut id = base.to_owned();
    let mut n = 2;
    while used.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    used.insert(id.clone());
    id
}

/// Where a text that is not JSON goes wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxSpot {
    /// The line, from 1.
    pub line: usize,
    /// The column in characters, from 1 (0 when the line is empty).
    pub column: usize,
    /// That line's text.
    pub text: String,
}

/// The spot where `json` stops being JSON, to mark it; `None` when it is
/// JSON or empty.
///
/// ```
/// let spot = clientfill_core::profile::syntax_spot("{\n  \"a\": 1,\n}").unwrap();
/// assert_eq!((spot.line, spot.text.as_str()), (3, "}"));
/// ```
pub fn syntax_spot(json: &str) -> Option<SyntaxSpot> {
    if json.trim().is_empty() {
        return None;
    }
    let error = serde_json::from_str::<Value>(json).err()?;
    let text = json
        .lines()
        .nth(error.line().saturating_sub(1))
        .unwrap_or("");
    Some(SyntaxSpot {
        line: error.line(),
        column: error.column(),
        text: text.to_owned(),
    })
}

/// Reads one profile object, reporting type errors; validation of values
/// happens later, on the typed profile.
fn read_profile(entry: &Value, path: &str, problems: &mut Vec<ImportProblem>) -> Option<Profile> {
    let Value::Object(fields) = entry else {
        problems.push(ImportProblem::new(path, "Expected a profile object."));
        return None;
    };
    let before = problems.len();
    for key in fields.keys() {
        if !PROFILE_FIELDS.contains(&key.as_str()) {
            problems.push(ImportProblem::new(
                field_path(path, key),
                format!(
                    "Unknown field. A profile has: {}.",
                    PROFILE_FIELDS.join(", ")
                ),
            ));
        }
    }
    let mut text = |key: &str, required: bool| -> Option<String> {
        match fields.get(key) {
            Some(Value::String(value)) => Some(value.clone()),
            None | Some(Value::Null) => {
                if required {
                    problems.push(ImportProblem::new(
                        field_path(path, key),
                        "Missing: this is required.",
                    ));
                }
                None
            }
            Some(_) => {
                problems.push(ImportProblem::new(field_path(path, key), "Expected text."));
                None
            }
        }
    };
    let id = text("id", false);
    let name = text("name", true);
    let preset = text("preset", true);
    let optional: Vec<Option<String>> = PROFILE_FIELDS[4..]
        .iter()
        .map(|key| text(key, false))
        .collect();
    let mut params = BTreeMap::new();
    match fields.get("params") {
        None | Some(Value::Null) => {}
        Some(Value::Object(values)) => {
            for (key, value) in values {
                let param = match value {
                    Value::Null => continue,
                    Value::Bool(flag) => Some(ParamValue::Flag(*flag)),
                    Value::Number(n) => n.as_u64().map(ParamValue::Number),
                    Value::String(s) => Some(ParamValue::Text(s.clone())),
                    Value::Array(items) => items
                        .iter()
                        .map(|item| item.as_str().map(str::to_owned))
                        .collect::<Option<Vec<String>>>()
                        .map(ParamValue::List),
                    Value::Object(_) => None,
                };
                match param {
                    Some(param) => {
                        params.insert(key.clone(), param);
                    }
                    None => problems.push(ImportProblem::new(
                        field_path(&field_path(path, "params"), key),
                        "Expected text, a whole number, true/false or a list of texts.",
                    )),
                }
            }
        }
        Some(_) => problems.push(ImportProblem::new(
            field_path(path, "params"),
            "Expected an object of parameters.",
        )),
    }
    if problems.len() > before {
        return None;
    }
    let mut optional = optional.into_iter();
    let mut next = || optional.next().flatten();
    Some(Profile {
        id: id.unwrap_or_default(),
        name: name.unwrap_or_default(),
        preset: preset.unwrap_or_default(),
        params,
        app_name: next(),
        description: next(),
        company_name: next(),
        website_url: next(),
        privacy_policy_url: next(),
        contact_email: next(),
        deauthorize_url: next(),
        data_deletion_url: next(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(problems: &[ImportProblem]) -> Vec<&str> {
        problems.iter().map(|p| p.path.as_str()).collect()
    }

    fn auth0() -> Profile {
        Profile::new("acme", "Acme", "auth0").with_param("tenant", "acme.eu.auth0.com")
    }

    fn doc(profiles: &str) -> String {
        format!(r#"{{"format":"clientfill-profiles","version":1,"profiles":[{profiles}]}}"#)
    }

    #[test]
    fn values_use_user_fields_over_the_preset() {
        let mut profile = Profile::new("s", "Strapi", "strapi")
            .with_param("backendUrl", "https://65e60559.ngrok.io");
        profile.deauthorize_url = Some("https://example.com/deauth".into());
        profile.website_url = Some("https://example.com".into());
        profile.app_name = Some("  ".into());
        let values = profile.values().unwrap();
        assert_eq!(
            values.deauthorize_url.as_deref(),
            Some("https://example.com/deauth")
        );
        assert_eq!(
            values.data_deletion_url.as_deref(),
            Some("https://65e60559.ngrok.io")
        );
        assert_eq!(values.website_url.as_deref(), Some("https://example.com"));
        // Blank optional fields count as absent.
        assert_eq!(values.app_name, None);
    }

    #[test]
    fn missing_for_lists_what_each_portal_needs() {
        let values = auth0().values().unwrap();
        assert_eq!(
            values.missing_for(Portal::LegacyInstagram),
            [
                ClientField::AppName,
                ClientField::Description,
                ClientField::CompanyName,
                ClientField::PrivacyPolicyUrl,
                ClientField::ContactEmail
            ]
        );
        assert_eq!(
            values.missing_for(Portal::Meta),
            [
                ClientField::AppName,
                ClientField::DeauthorizeUrl,
                ClientField::DataDeletionUrl
            ]
        );
        let mut full = auth0();
        full.app_name = Some("Acme Login".into());
        full.description = Some("Login for Acme".into());
        full.company_name = Some("Acme Ltd".into());
        full.privacy_policy_url = Some("https://acme.example/privacy".into());
        full.contact_email = Some("dev@acme.example".into());
        assert_eq!(
            full.values().unwrap().missing_for(Portal::LegacyInstagram),
            []
        );
    }

    #[test]
    fn validate_reports_params_with_paths() {
        let problems = Profile::new("a", "A", "auth0").validate().unwrap_err();
        assert_eq!(paths(&problems), ["params.tenant"]);
        assert!(problems[0]
            .message
            .starts_with("Tenant domain or custom domain is required"));

        let problems = auth0().with_param("region", "eu").validate().unwrap_err();
        assert_eq!(paths(&problems), ["params.region"]);
        assert!(
            problems[0].message.contains("Auth0 takes tenant"),
            "{}",
            problems[0].message
        );

        let problems = Profile::new("t", "T", "token-testing")
            .with_param("x", "y")
            .validate()
            .unwrap_err();
        assert!(problems[0].message.contains("takes no parameters"));
    }

    #[test]
    fn domains_get_specific_messages() {
        let message = |tenant: &str| {
            Profile::new("a", "A", "auth0")
                .with_param("tenant", tenant)
                .validate()
                .unwrap_err()[0]
                .message
                .clone()
        };
        assert!(message("https://acme.eu.auth0.com/").ends_with("acme.eu.auth0.com."));
        assert!(message("acme.eu.auth0.com:443").contains("without a port"));
        assert!(message("Acme.EU.auth0.com").contains("use lower case: acme.eu.auth0.com"));
        assert!(message("acme").contains("needs a dot"));
        assert!(message("acme..auth0.com").contains("not a valid domain name"));
        assert!(message("-acme.auth0.com").contains("not a valid domain name"));
        assert!(message("bücher.example").contains("xn--"));
        assert!(message("acme.eu.auth0.com/x").contains("without https:// or a path"));
        // A proposal is always a value the check accepts.
        assert!(message("https://ACME.eu.auth0.com/x").ends_with("path: acme.eu.auth0.com."));
        assert_eq!(
            message("ACME"),
            "Tenant domain or custom domain: use lower case."
        );
        assert!(message("https://acme/").ends_with("a path."));
    }

    #[test]
    fn proposals_are_always_accepted() {
        let checks: [Check; 3] = [check_domain, check_host, check_label];
        let inputs = [
            "ACME",
            "Acme.EU.auth0.com",
            "https://ACME.eu.auth0.com/x",
            "https://acme/",
            "HTTP://A_B.example/",
            "Sso.Example.com:8443",
            "https://sso.example.com:99999/",
            "EU-West-1",
            "-Bad-",
            "https://Ünï.example/",
            "A..B",
            "https://a.b/c?d",
            "x.Y",
            "https://LOCALHOST:8080/",
        ];
        for check in checks {
            for input in inputs {
                let Err(message) = check(input) else { continue };
                if let Some((_, proposed)) = message.rsplit_once(": ") {
                    let proposed = proposed.trim_end_matches('.');
                    if proposed.contains(' ') {
                        continue;
                    }
                    assert_eq!(check(proposed), Ok(()), "{input} → {message}");
                }
            }
        }
    }

    #[test]
    fn each_param_kind_is_checked() {
        let problem = |profile: Profile| profile.validate().unwrap_err()[0].clone();
        let lr = || {
            Profile::new("l", "L", "loginradius").with_param("siteName", "acme.hub.loginradius.com")
        };
        assert!(lr().validate().is_ok());
        let p = problem(lr().with_param("port", 0u16));
        assert_eq!(p.path, "params.port");
        assert!(p.message.contains("from 1 to 65535"));
        assert_eq!(problem(lr().with_param("port", "443")).path, "params.port");
        let p = problem(lr().with_param("protocol", "ftp"));
        assert!(
            p.message.contains("\"ftp\" is not one of https, http"),
            "{}",
            p.message
        );

        let gigya =
            || Profile::new("g", "G", "gigya").with_param("siteUrl", "http://www.gigya.com");
        let p = problem(gigya().with_param("dataCenters", ["eu1.gigya.com", "xx1.gigya.com"]));
        assert_eq!(p.path, "params.dataCenters[1]");
        let p = problem(gigya().with_param("dataCenters", ["eu1.gigya.com", "eu1.gigya.com"]));
        assert!(p.message.contains("listed twice"));
        let p = problem(gigya().with_param("dataCenters", "eu1.gigya.com"));
        assert!(p.message.contains("expected a list"));
        // Neither a data center nor an alias: no redirect URI at all.
        let p = problem(gigya());
        assert_eq!(p.path, "params");
        assert!(
            p.message.contains("Data centers, CNAME alias"),
            "{}",
            p.message
        );

        let kc = || {
            Profile::new("k", "K", "keycloak")
                .with_param("host", "sso.example.com:8443")
                .with_param("realm", "master")
        };
        assert!(kc().validate().is_ok());
        assert!(kc().with_param("host", "localhost:8080").validate().is_ok());
        assert!(kc().with_param("host", "10.0.0.1").validate().is_ok());
        assert_eq!(
            problem(kc().with_param("host", "sso.example.com:0")).path,
            "params.host"
        );
        assert_eq!(
            problem(kc().with_param("realm", "my realm")).path,
            "params.realm"
        );
        assert_eq!(problem(kc().with_param("realm", "..")).path, "params.realm");
        assert!(problem(kc().with_param("legacyAuthPath", "yes"))
            .message
            .contains("true or false"));

        let fb = |id: &str| Profile::new("f", "F", "firebase").with_param("projectId", id);
        assert!(fb("acme-prod").validate().is_ok());
        assert!(problem(fb("Acme")).message.contains("use lower case: acme"));
        assert!(problem(fb("acme_prod")).message.contains("inner hyphens"));
        assert!(problem(fb("-acme")).message.contains("inner hyphens"));

        let strapi = |url: &str| Profile::new("s", "S", "strapi").with_param("backendUrl", url);
        assert!(problem(strapi("https://x.example/?a=1"))
            .message
            .contains("?query"));
        assert!(problem(strapi("x.example"))
            .message
            .contains("absolute URL"));
        assert!(problem(strapi("https://x.example/#a"))
            .message
            .contains("#"));

        let custom =
            |uris: &[&str]| Profile::new("c", "C", "custom").with_param("redirectUris", uris);
        assert!(custom(&["https://a.example/cb"]).validate().is_ok());
        assert_eq!(
            problem(custom(&["https://a.example/cb", "ftp://x"])).path,
            "params.redirectUris[1]"
        );
        let p = problem(custom(&["https://a.example/cb", "https://a.example/cb"]));
        assert_eq!(p.path, "params.redirectUris[1]");
        assert!(p.message.contains("already entry 0"));
        assert_eq!(problem(custom(&[])).path, "params.redirectUris");
    }

    #[test]
    fn user_fields_are_checked() {
        let mut profile = auth0();
        profile.contact_email = Some("dev at acme".into());
        profile.privacy_policy_url = Some("acme.example/privacy".into());
        profile.app_name = Some("Acme\nLogin".into());
        profile.name = String::new();
        profile.id = "Acme Prod".into();
        let problems = profile.validate().unwrap_err();
        assert_eq!(
            paths(&problems),
            ["id", "name", "appName", "privacyPolicyUrl", "contactEmail"]
        );
        for (email, ok) in [
            ("dev@acme.example", true),
            ("dev@acme", false),
            ("@acme.example", false),
            ("dev@@acme.example", false),
            ("dev@acme.example.", false),
        ] {
            assert_eq!(check_email(email).is_ok(), ok, "{email}");
        }
    }

    #[test]
    fn unknown_presets_list_the_known_ones() {
        let problems = Profile::new("x", "X", "auth1").validate().unwrap_err();
        assert_eq!(paths(&problems), ["preset"]);
        assert!(problems[0].message.contains("auth0, gigya, loginradius"));
    }

    #[test]
    fn slugs_are_ascii_and_bounded() {
        assert_eq!(slug("Acme Prod"), "acme-prod");
        assert_eq!(slug("  --Acme__Prod!!  "), "acme-prod");
        assert_eq!(slug("Ünïcödé"), "n-c-d");
        assert_eq!(slug("日本"), "profile");
        assert_eq!(slug(""), "profile");
        assert!(slug(&"a b ".repeat(100)).len() <= 48);
        assert!(!slug(&"a b ".repeat(100)).ends_with('-'));
    }

    #[test]
    fn import_generates_unique_ids_from_names() {
        let json = doc(r#"{"name":"Acme","preset":"token-testing"},
               {"id":"acme-2","name":"Other","preset":"token-testing"},
               {"name":"Acme","preset":"token-testing"},
               {"name":"ACME!","preset":"token-testing"}"#);
        let profiles = import(&json).unwrap();
        let ids: Vec<&str> = profiles.iter().map(|p| p.id.as_str()).collect();
        // acme-2 is taken explicitly later in the document, so it is skipped.
        assert_eq!(ids, ["acme", "acme-2", "acme-3", "acme-4"]);
        assert_eq!(import(&json).unwrap(), profiles, "ids are deterministic");
    }

    #[test]
    fn import_reports_every_problem_with_its_path() {
        let json = doc(
            r#"{"id":"a","name":"A","preset":"auth0","params":{"tenant":"https://acme.eu.auth0.com"}},
               {"id":"a","name":"B","preset":"auth0","params":{"tenant":"b.auth0.com"}},
               {"name":"C","preset":"nope"},
               {"name":"D","preset":"auth0","params":{"tenant":{"x":1}},"colour":"red"},
               42,
               {"name":5,"preset":"auth0"}"#,
        );
        let problems = import(&json).unwrap_err();
        assert_eq!(
            paths(&problems),
            [
                "profiles[0].params.tenant",
                "profiles[1].id",
                "profiles[2].preset",
                "profiles[3].colour",
                "profiles[3].params.tenant",
                "profiles[4]",
                "profiles[5].name",
            ]
        );
        assert!(problems[1].message.contains("already used by profiles[0]"));
    }

    #[test]
    fn import_checks_the_envelope() {
        let first = |json: &str| import(json).unwrap_err().remove(0);
        assert_eq!(first("").path, "");
        assert_eq!(
            first(" \n").message,
            "The document is empty: paste a profiles document or choose a file."
        );
        assert_eq!(
            first("{\n  \"format\": 1,\n}").message,
            "This is not valid JSON: line 3, column 1: trailing comma."
        );
        assert_eq!(syntax_spot("{\n  \"format\" 1\n}").unwrap().line, 2);
        assert_eq!(syntax_spot("{}"), None);
        assert!(first("[]").message.contains("JSON object"));
        assert_eq!(first(r#"{"version":1,"profiles":[]}"#).path, "format");
        assert!(first(r#"{"format":"other","version":1,"profiles":[]}"#)
            .message
            .contains("not a ClientFill profiles file"));
        assert!(
            first(r#"{"format":"clientfill-profiles","version":2,"profiles":[]}"#)
                .message
                .contains("newer ClientFill")
        );
        assert_eq!(
            first(r#"{"format":"clientfill-profiles","version":"1","profiles":[]}"#).path,
            "version"
        );
        assert_eq!(
            first(r#"{"format":"clientfill-profiles","version":1}"#).path,
            "profiles"
        );
        assert_eq!(
            first(r#"{"format":"clientfill-profiles","version":1,"profiles":{}}"#).path,
            "profiles"
        );
        let extra = import(r#"{"format":"clientfill-profiles","version":1,"profiles":[],"x y":1}"#);
        assert_eq!(paths(&extra.unwrap_err()), ["[\"x y\"]"]);
        assert_eq!(import(&doc("")).unwrap(), []);
        let many =
            doc(&vec![r#"{"name":"A","preset":"token-testing"}"#; MAX_PROFILES + 1].join(","));
        assert_eq!(first(&many).path, "profiles");
    }

    #[test]
    fn import_treats_null_as_absent() {
        let json = doc(r#"{"name":"A","preset":"loginradius","appName":null,
                "params":{"siteName":"a.hub.loginradius.com","port":null}}"#);
        let profile = &import(&json).unwrap()[0];
        assert_eq!(profile.app_name, None);
        assert!(!profile.params.contains_key("port"));
    }

    #[test]
    fn export_then_import_gives_the_same_profiles() {
        let mut full = auth0();
        full.app_name = Some("Acme Login".into());
        full.description = Some("Login for Acme".into());
        full.contact_email = Some("dev@acme.example".into());
        let profiles = vec![
            full,
            Profile::new("lr", "LR", "loginradius")
                .with_param("siteName", "acme.hub.loginradius.com")
                .with_param("port", 443u16),
            Profile::new("kc", "KC", "keycloak")
                .with_param("host", "sso.example.com")
                .with_param("realm", "master")
                .with_param("legacyAuthPath", true),
            Profile::new("g", "G", "gigya")
                .with_param("siteUrl", "http://www.gigya.com")
                .with_param("dataCenters", ["gigya.com", "eu1.gigya.com"]),
        ];
        let json = export(&profiles);
        assert!(json.contains("\"format\": \"clientfill-profiles\""));
        assert!(json.contains("\"port\": 443"));
        assert!(json.contains("\"appName\": \"Acme Login\""));
        assert!(!json.contains("companyName"), "absent fields are left out");
        assert_eq!(import(&json).unwrap(), profiles);
    }

    #[test]
    fn profiles_deserialize_directly_for_storage() {
        let profile: Profile = serde_json::from_str(
            r#"{"id":"a","name":"A","preset":"loginradius","params":{"siteName":"a.b.c","port":443,"protocol":"https"}}"#,
        )
        .unwrap();
        assert_eq!(profile.params["port"], ParamValue::Number(443));
        assert!(
            serde_json::from_str::<Profile>(r#"{"id":"a","name":"A","preset":"x","bogus":1}"#)
                .is_err()
        );
        let values = serde_json::to_value(profile.values().unwrap()).unwrap();
        assert_eq!(
            values["redirectUris"][0],
            "https://a.b.c:443/socialauth/validate.sauth"
        );
        assert_eq!(values["implicitOauth"], false);
        assert!(values["deauthorizeUrl"].is_null());
    }
}
