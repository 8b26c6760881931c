//! What a page is: a plain snapshot of the DOM and the detection built on it.
//!
//! The glue collects a [`PageSnapshot`]; everything that decides what the page
//! is happens here, on plain data, so it is tested without a browser.

use serde::{Deserialize, Serialize};

use crate::portal::Portal;
use crate::provider::Provider;

/// The portal pages ClientFill recognises.
///
/// The serialized names (`legacy:register`, ...) are part of the public
/// automation surface (`data-kind` in the popup): never rename them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PageKind {
    /// Not a portal page ClientFill works on.
    #[default]
    #[serde(rename = "none")]
    None,
    /// Legacy portal: Developer Signup.
    #[serde(rename = "legacy:signup")]
    LegacySignup,
    /// Legacy portal: Register new Client ID.
    #[serde(rename = "legacy:register")]
    LegacyRegister,
    /// Legacy portal: Edit Client.
    #[serde(rename = "legacy:edit")]
    LegacyEdit,
    /// Legacy portal: Manage Clients.
    #[serde(rename = "legacy:manage")]
    LegacyManage,
    /// Meta App Dashboard: an app's Instagram Basic Display settings.
    #[serde(rename = "meta:app-settings")]
    MetaAppSettings,
    /// Meta App Dashboard: "API setup with Instagram business login" (with or
    /// without its Business login settings dialog open).
    #[serde(rename = "meta:instagram-login")]
    MetaInstagramLogin,
    /// Meta App Dashboard: Facebook Login (or Facebook Login for Business)
    /// settings.
    #[serde(rename = "meta:facebook-login")]
    MetaFacebookLogin,
    /// Instagram's authorize page refusing a login (`www.instagram.com/oauth/authorize`).
    #[serde(rename = "meta:instagram-login-error")]
    MetaInstagramLoginError,
    /// Facebook's OAuth dialog refusing a login (`www.facebook.com/dialog/oauth`).
    #[serde(rename = "meta:facebook-login-error")]
    MetaFacebookLoginError,
    /// GitHub: Register a new OAuth app.
    #[serde(rename = "github:oauth-app-new")]
    GitHubOAuthAppNew,
    /// GitHub: an OAuth App's settings page, with its Client ID.
    #[serde(rename = "github:oauth-app")]
    GitHubOAuthApp,
    /// GitHub: Register new GitHub App.
    #[serde(rename = "github:app-new")]
    GitHubAppNew,
    /// GitHub: a GitHub App's settings page, with its App ID and Client ID.
    #[serde(rename = "github:app")]
    GitHubApp,
    /// GitHub's authorize page refusing a login (`github.com/login/oauth/authorize`).
    #[serde(rename = "github:login-error")]
    GitHubLoginError,
    /// Google Auth Platform: Create OAuth client ID.
    #[serde(rename = "google:oauth-client-new")]
    GoogleOAuthClientNew,
    /// Google Auth Platform: an OAuth client's page.
    #[serde(rename = "google:oauth-client")]
    GoogleOAuthClient,
    /// Google's sign-in error page (`accounts.google.com`, Error 400: redirect_uri_mismatch).
    #[serde(rename = "google:login-error")]
    GoogleLoginError,
    /// Discord Developer Portal: the applications list with its Create an
    /// application dialog.
    #[serde(rename = "discord:app-new")]
    DiscordAppNew,
    /// Discord Developer Portal: an application's OAuth2 page.
    #[serde(rename = "discord:oauth2")]
    DiscordOAuth2,
}

impl PageKind {
    /// Whether the page is a provider refusing a login, which the doctor
    /// explains.
    pub fn is_login_error(self) -> bool {
        matches!(
            self,
            PageKind::MetaInstagramLoginError
                | PageKind::MetaFacebookLoginError
                | PageKind::GitHubLoginError
                | PageKind::GoogleLoginError
        )
    }

    /// The stable name used in `data-kind` and in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            PageKind::None => "none",
            PageKind::LegacySignup => "legacy:signup",
            PageKind::LegacyRegister => "legacy:register",
            PageKind::LegacyEdit => "legacy:edit",
            PageKind::LegacyManage => "legacy:manage",
            PageKind::MetaAppSettings => "meta:app-settings",
            PageKind::MetaInstagramLogin => "meta:instagram-login",
            PageKind::MetaFacebookLogin => "meta:facebook-login",
            PageKind::MetaInstagramLoginError => "meta:instagram-login-error",
            PageKind::MetaFacebookLoginError => "meta:facebook-login-error",
            PageKind::GitHubOAuthAppNew => "github:oauth-app-new",
            PageKind::GitHubOAuthApp => "github:oauth-app",
            PageKind::GitHubAppNew => "github:app-new",
            PageKind::GitHubApp => "github:app",
            PageKind::GitHubLoginError => "github:login-error",
            PageKind::GoogleOAuthClientNew => "google:oauth-client-new",
            PageKind::GoogleOAuthClient => "google:oauth-client",
            PageKind::GoogleLoginError => "google:login-error",
            PageKind::DiscordAppNew => "discord:app-new",
            PageKind::DiscordOAuth2 => "discord:oauth2",
        }
    }

    /// Every kind, in declaration order.
    pub const ALL: [PageKind; 20] = [
        PageKind::None,
        PageKind::LegacySignup,
        PageKind::LegacyRegister,
        PageKind::LegacyEdit,
        PageKind::LegacyManage,
        PageKind::MetaAppSettings,
        PageKind::MetaInstagramLogin,
        PageKind::MetaFacebookLogin,
        PageKind::MetaInstagramLoginError,
        PageKind::MetaFacebookLoginError,
        PageKind::GitHubOAuthAppNew,
        PageKind::GitHubOAuthApp,
        PageKind::GitHubAppNew,
        PageKind::GitHubApp,
        PageKind::GitHubLoginError,
        PageKind::GoogleOAuthClientNew,
        PageKind::GoogleOAuthClient,
        PageKind::GoogleLoginError,
        PageKind::DiscordAppNew,
        PageKind::DiscordOAuth2,
    ];

    /// The portal the page belongs to.
    pub fn portal(self) -> Option<Portal> {
        match self {
            PageKind::None => None,
            PageKind::MetaAppSettings
            | PageKind::MetaInstagramLogin
            | PageKind::MetaFacebookLogin
            | PageKind::MetaInstagramLoginError
            | PageKind::MetaFacebookLoginError => Some(Portal::Meta),
            PageKind::GitHubOAuthAppNew
            | PageKind::GitHubOAuthApp
            | PageKind::GitHubAppNew
            | PageKind::GitHubApp
            | PageKind::GitHubLoginError => Some(Portal::GitHub),
            PageKind::GoogleOAuthClientNew
            | PageKind::GoogleOAuthClient
            | PageKind::GoogleLoginError => Some(Portal::Google),
            PageKind::DiscordAppNew | PageKind::DiscordOAuth2 => Some(Portal::Discord),
            PageKind::LegacySignup
            | PageKind::LegacyRegister
            | PageKind::LegacyEdit
            | PageKind::LegacyManage => Some(Portal::LegacyInstagram),
        }
    }

    /// The provider whose login the page's clients are for.
    pub fn provider(self) -> Option<Provider> {
        match self {
            PageKind::None => None,
            PageKind::MetaFacebookLogin | PageKind::MetaFacebookLoginError => {
                Some(Provider::Facebook)
            }
            _ => match self.portal()? {
                Portal::LegacyInstagram | Portal::Meta => Some(Provider::Instagram),
                Portal::GitHub => Some(Provider::GitHub),
                Portal::Google => Some(Provider::Google),
                Portal::Discord => Some(Provider::Discord),
            },
        }
    }

    /// A sentence for the popup.
    pub fn description(self) -> &'static str {
        match self {
            PageKind::None => "Not a page ClientFill works on.",
            PageKind::LegacySignup => "Instagram developer portal: Developer Signup",
            PageKind::LegacyRegister => "Instagram developer portal: Register new Client ID",
            PageKind::LegacyEdit => "Instagram developer portal: Edit Client",
            PageKind::LegacyManage => "Instagram developer portal: Manage Clients",
            PageKind::MetaAppSettings => "Meta App Dashboard: Instagram Basic Display settings",
            PageKind::MetaInstagramLogin => {
                "Meta App Dashboard: API setup with Instagram business login"
            }
            PageKind::MetaFacebookLogin => "Meta App Dashboard: Facebook Login settings",
            PageKind::MetaInstagramLoginError => "Instagram login refused by Instagram",
            PageKind::MetaFacebookLoginError => "Facebook login refused by Facebook",
            PageKind::GitHubOAuthAppNew => "GitHub: Register a new OAuth app",
            PageKind::GitHubOAuthApp => "GitHub: OAuth App settings",
            PageKind::GitHubAppNew => "GitHub: Register new GitHub App",
            PageKind::GitHubApp => "GitHub: GitHub App settings",
            PageKind::GitHubLoginError => "GitHub login refused by GitHub",
            PageKind::GoogleOAuthClientNew => "Google Auth Platform: Create OAuth client ID",
            PageKind::GoogleOAuthClient => "Google Auth Platform: OAuth client",
            PageKind::GoogleLoginError => "Google sign-in refused by Google",
            PageKind::DiscordAppNew => "Discord Developer Portal: Create an application",
            PageKind::DiscordOAuth2 => "Discord Developer Portal: OAuth2",
        }
    }
}

/// One form control as the glue saw it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FieldSnapshot {
    /// Position in document order; plans refer to fields by it.
    pub index: usize,
    /// Lower-case tag name: `input`, `textarea`, `select`.
    pub tag: String,
    /// The `type` attribute of an input, lower-case.
    pub input_type: String,
    /// The element id.
    pub id: String,
    /// The `name` attribute.
    pub name: String,
    /// The text of the label that names the control, whitespace folded.
    pub label: String,
    /// The current value.
    pub value: String,
    /// Whether a checkbox is checked.
    pub checked: bool,
    /// The widget that stands in for this control, if the page replaced it.
    pub widget: Widget,
    /// The committed tokens of a token widget, in order.
    pub tokens: Vec<String>,
    /// Whether the user typed into the control since the page loaded.
    pub user_edited: bool,
    /// The name of the labelled group or region the control is in (Google's
    /// "Authorized redirect URIs" around rows labelled "URIs 1"), or empty.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub group: String,
}

/// A labelled group or region of controls (`role=group`, a named
/// `<section>`, a `<fieldset>`), with the buttons in it: a list with no row
/// yet is found by its group, and grown with its own Add button.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Group {
    /// Its accessible name, whitespace folded.
    pub name: String,
    /// The texts of the buttons in it.
    pub buttons: Vec<String>,
}

/// A script widget that replaces a plain control on the page: filling goes
/// through the widget the way a user would, so the page's own code sees it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Widget {
    /// A plain control.
    #[default]
    None,
    /// The submitted input of a bootstrap-tokenfield (legacy portal): tokens
    /// are committed through the widget's own text input.
    TokenField,
    /// The text input inside a token widget; never filled directly.
    TokenInput,
    /// The text input of a chip list (React dashboards): typing a value and
    /// pressing Enter commits it as a chip; `tokens` are the chips shown.
    Chips,
    /// One row of a list with one input per entry, each row with its own
    /// Remove control.
    Row,
}

impl Widget {
    /// Its serialized name.
    pub fn as_str(self) -> &'static str {
        match self {
            Widget::None => "none",
            Widget::TokenField => "tokenField",
            Widget::TokenInput => "tokenInput",
            Widget::Chips => "chips",
            Widget::Row => "row",
        }
    }
}

/// A label/value pair shown as text (`<th>`/`<td>`, `<dt>`/`<dd>`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Fact {
    /// The label, whitespace folded.
    pub label: String,
    /// The value, whitespace folded (line breaks become spaces).
    pub value: String,
}

/// One table or definition list of facts, with the heading that names it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Record {
    /// The nearest `h2` of the card or section holding the facts (on Manage
    /// Clients, the app name), or empty.
    pub heading: String,
    /// The facts, in document order.
    pub facts: Vec<Fact>,
}

impl Record {
    /// The value of the first fact whose label equals `label`, ignoring case
    /// and a trailing `:`.
    pub fn value(&self, label: &str) -> Option<&str> {
        self.facts
            .iter()
            .find(|f| {
                f.label
                    .trim()
                    .trim_end_matches(':')
                    .trim_end()
                    .eq_ignore_ascii_case(label)
            })
            .map(|f| f.value.as_str())
    }
}

/// The plain-data view of a page that detection and planning work on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PageSnapshot {
    /// The page URL.
    pub url: String,
    /// Texts of `h1`..`h3`, whitespace folded.
    pub headings: Vec<String>,
    /// Texts of buttons and submit inputs.
    pub buttons: Vec<String>,
    /// The form controls, in document order.
    pub fields: Vec<FieldSnapshot>,
    /// Label/value tables and lists shown as text.
    pub records: Vec<Record>,
    /// Texts of status and alert messages (`role=status`, `role=alert`), as
    /// a portal shows them after a save.
    pub notices: Vec<String>,
    /// The page's text, whitespace folded; read only where
    /// [`wants_text`] says a page is told apart by it (login error pages).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// The page's labelled groups of controls.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Group>,
}

/// Whether a page at `url` is read with its text ([`PageSnapshot::text`]):
/// the providers' authorize pages, whose errors are only text. Never in a
/// build without them (feature `login`).
pub fn wants_text(url: &str) -> bool {
    const LOGIN_PAGES: &[&str] = &[
        "https://www.instagram.com/oauth/authorize",
        "https://www.facebook.com/dialog/oauth",
        "https://www.facebook.com/v",
        "https://github.com/login/oauth/authorize",
        "https://accounts.google.com/",
    ];
    cfg!(feature = "login") && LOGIN_PAGES.iter().any(|start| url.starts_with(start))
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.trim_start()
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// Whether a control or a shown fact labelled `label` (a control of type
/// `input_type`, empty for a fact) holds a secret: a client secret, a
/// password. Its value never leaves the page: the content script sends such
/// values empty.
///
/// ```
/// use clientfill_core::page::is_secret;
///
/// assert!(is_secret("CLIENT SECRET", ""));
/// assert!(is_secret("Password", "password"));
/// assert!(!is_secret("Client ID", "text"));
/// ```
pub fn is_secret(label: &str, input_type: &str) -> bool {
    input_type == "password" || label.to_ascii_lowercase().contains("secret")
}

/// Folds runs of whitespace to one space and trims, as labels are compared.
pub fn fold_whitespace(text: &str) -> String {
    // Word by word into one buffer: no list of words per text read.
    let mut folded = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !folded.is_empty() {
            folded.push(' ');
        }
        folded.push_str(word);
    }
    folded
}

/// Splits a list of URIs on whitespace and commas, as the portal does when it
/// saves a redirect-URI field (and as Manage Clients shows them: spaces and
/// line breaks); empty pieces are dropped.
pub fn split_uris(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

impl FieldSnapshot {
    /// Whether the control is an on/off switch: a checkbox, or an element
    /// with `role=switch` (which the glue reports as type `switch`).
    pub fn is_switch(&self) -> bool {
        self.input_type == "checkbox" || self.input_type == "switch"
    }

    /// Whether the label, leading whitespace aside, starts with `prefix`,
    /// ignoring ASCII case.
    pub fn label_starts_with(&self, prefix: &str) -> bool {
        self.label
            .trim_start()
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    }
}

impl PageSnapshot {
    /// Whether any heading equals `text`, ignoring case.
    pub fn has_heading(&self, text: &str) -> bool {
        self.headings.iter().any(|h| h.eq_ignore_ascii_case(text))
    }

    /// Whether any button reads `text`, ignoring case.
    pub fn has_button(&self, text: &str) -> bool {
        self.buttons.iter().any(|b| b.eq_ignore_ascii_case(text))
    }

    /// Whether a status or alert message starts with `text`, ignoring case.
    pub fn has_notice(&self, text: &str) -> bool {
        self.notices.iter().any(|n| {
            n.get(..text.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(text))
        })
    }

    /// The value of the first fact labelled `label` (ignoring case and a
    /// trailing `:`) in any record.
    pub fn fact(&self, label: &str) -> Option<&str> {
        self.records.iter().find_map(|r| r.value(label))
    }

    /// Whether a field's label starts with `text`, ignoring case.
    pub fn has_label(&self, text: &str) -> bool {
        self.fields.iter().any(|f| {
            f.label
                .to_ascii_lowercase()
                .starts_with(&text.to_ascii_lowercase())
        })
    }

    /// The fields that may be the control named by `labels` and `names`, best
    /// first: those whose label starts with one of `labels` (see
    /// [`FieldSnapshot::label_starts_with`]), then those whose id or name
    /// equals one of `names` (ignoring ASCII case), each group in page order.
    /// Labels are what users see and survive markup changes; ids and names
    /// are the fallback when a label is not tied to its control. A field
    /// matching both ways comes twice.
    ///
    /// A token widget's inner text input ([`Widget::TokenInput`]) never
    /// comes: its value is a draft, neither what is registered nor a place to
    /// fill.
    pub fn fields_named<'a>(
        &'a self,
        labels: &'a [&'a str],
        names: &'a [&'a str],
    ) -> impl Iterator<Item = &'a FieldSnapshot> {
        let usable = |f: &&FieldSnapshot| f.widget != Widget::TokenInput;
        let by_label = self
            .fields
            .iter()
            .filter(usable)
            .filter(move |f| labels.iter().any(|l| f.label_starts_with(l)));
        // Rows whose own labels are generic ("URIs 1") are named by their group.
        let by_group = self.fields.iter().filter(usable).filter(move |f| {
            !f.group.is_empty()
                && !labels.iter().any(|l| f.label_starts_with(l))
                && labels.iter().any(|l| starts_with_ignore_case(&f.group, l))
        });
        let by_name = self.fields.iter().filter(usable).filter(move |f| {
            names
                .iter()
                .any(|n| f.id.eq_ignore_ascii_case(n) || f.name.eq_ignore_ascii_case(n))
        });
        by_label.chain(by_group).chain(by_name)
    }

    /// The group named by one of `labels` (prefixes, case ignored).
    pub fn group_named(&self, labels: &[&str]) -> Option<&Group> {
        self.groups
            .iter()
            .find(|g| labels.iter().any(|l| starts_with_ignore_case(&g.name, l)))
    }
}

/// The first field named by `labels`, else by `ids` (see
/// [`PageSnapshot::fields_named`]).
pub fn find_field<'a>(
    page: &'a PageSnapshot,
    labels: &'a [&'a str],
    ids: &'a [&'a str],
) -> Option<&'a FieldSnapshot> {
    page.fields_named(labels, ids).next()
}

/// The redirect URIs a field holds: its committed tokens, or else its value
/// (a plain field, or a tokenfield the widget has not initialised yet).
pub fn field_uris(field: &FieldSnapshot) -> Vec<String> {
    if field.tokens.is_empty() {
        split_uris(&field.value)
    } else {
        field.tokens.iter().flat_map(|t| split_uris(t)).collect()
    }
}

/// The trimmed text, or `None` when blank.
pub fn present(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// Snapshot builders shared by the unit tests of the modules that read pages
/// (fill, capture, store, portals), so their fixtures describe the same markup.
#[cfg(test)]
pub(crate) mod test_support {
    use super::{Fact, FieldSnapshot, PageSnapshot, Record};

    /// A page at `url` that says nothing else yet.
    pub(crate) fn page(url: &str) -> PageSnapshot {
        PageSnapshot {
            url: url.into(),
            ..PageSnapshot::default()
        }
    }

    /// A visible `<input type="text">`; its name is the id without Django's
    /// `id_` prefix, as on the legacy portal.
    pub(crate) fn text_input(index: usize, id: &str, label: &str, value: &str) -> FieldSnapshot {
        FieldSnapshot {
            index,
            tag: "input".into(),
            input_type: "text".into(),
            id: id.into(),
            name: id.trim_start_matches("id_").into(),
            label: label.into(),
            value: value.into(),
            ..FieldSnapshot::default()
        }
    }

    /// A control known only by its label.
    pub(crate) fn field(label: &str) -> FieldSnapshot {
        FieldSnapshot {
            label: label.into(),
            ..FieldSnapshot::default()
        }
    }

    /// A label/value fact.
    pub(crate) fn fact(label: &str, value: &str) -> Fact {
        Fact {
            label: label.into(),
            value: value.into(),
        }
    }

    /// A Manage Clients card as the glue reads the fixture's markup: the app
    /// name as heading, then the client table (URIs separated by a space,
    /// then a line break, folded to a space).
    pub(crate) fn card(
        name: &str,
        id: &str,
        secret: &str,
        website: &str,
        uris: &str,
        email: &str,
    ) -> Record {
        Record {
            heading: name.into(),
            facts: vec![
                fact("CLIENT ID", id),
                fact("CLIENT SECRET", secret),
                fact("WEBSITE URL", website),
                fact("REDIRECT URI", uris),
                fact("SUPPORT EMAIL", email),
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The portals' own cases are in their modules; here, what no portal
    /// claims.
    #[test]
    fn kind_is_none_off_the_portals() {
        for url in [
            "https://example.com/developer/clients/register/",
            "not a url",
        ] {
            let page = PageSnapshot {
                url: url.into(),
                ..PageSnapshot::default()
            };
            assert_eq!(page.kind(), PageKind::None, "{url}");
        }
    }

    #[test]
    fn kind_names_are_the_public_ones() {
        for (kind, name) in [
            (PageKind::None, "none"),
            (PageKind::LegacySignup, "legacy:signup"),
            (PageKind::LegacyRegister, "legacy:register"),
            (PageKind::LegacyEdit, "legacy:edit"),
            (PageKind::LegacyManage, "legacy:manage"),
            (PageKind::MetaAppSettings, "meta:app-settings"),
            (PageKind::MetaInstagramLogin, "meta:instagram-login"),
            (PageKind::MetaFacebookLogin, "meta:facebook-login"),
        ] {
            assert_eq!(kind.as_str(), name);
            assert_eq!(serde_json::to_value(kind).unwrap(), name);
        }
    }

    #[test]
    fn widget_names_are_the_serialized_ones() {
        for widget in [
            Widget::None,
            Widget::TokenField,
            Widget::TokenInput,
            Widget::Chips,
            Widget::Row,
        ] {
            assert_eq!(serde_json::to_value(widget).unwrap(), widget.as_str());
        }
    }

    #[test]
    fn fields_named_prefers_labels_then_ids_or_names_and_skips_token_inputs() {
        use super::test_support::text_input;
        let mut token_input =
            text_input(0, "id_redirect_uri-tokenfield", "Valid redirect URIs", "");
        token_input.widget = Widget::TokenInput;
        let page = PageSnapshot {
            fields: vec![
                token_input,
                FieldSnapshot {
                    name: "Redirect_URI".into(),
                    ..text_input(1, "ID_REDIRECT_URI", "", "")
                },
                text_input(2, "f2", "  valid REDIRECT uris", ""),
                text_input(3, "f3", "", ""),
            ],
            ..PageSnapshot::default()
        };
        let found = |labels: &[&str], names: &[&str]| -> Vec<usize> {
            page.fields_named(labels, names).map(|f| f.index).collect()
        };
        assert_eq!(found(&["Valid redirect URI"], &["id_redirect_uri"]), [2, 1]);
        // By name as well as by id, ignoring case either way.
        assert_eq!(found(&[], &["redirect_uri"]), [1]);
        // The token input never comes, though its label and id both match.
        assert_eq!(
            found(&["Valid redirect URIs"], &["id_redirect_uri-tokenfield"]),
            [2]
        );
    }

    #[test]
    fn split_uris_accepts_whitespace_and_commas() {
        assert_eq!(split_uris(" a,b\nc  d ,"), ["a", "b", "c", "d"]);
    }

    #[test]
    fn fold_whitespace_trims_and_joins() {
        assert_eq!(
            fold_whitespace("  Valid\n  redirect\tURIs "),
            "Valid redirect URIs"
        );
    }
}
