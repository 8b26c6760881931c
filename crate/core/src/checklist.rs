//! What is left to do on a portal for a profile, from the source guides and
//! the portal's rules, ticked from what ClientFill knows: the profile's
//! values and the clients captured from the portal's pages.
//!
//! Steps that only the portal shows (an app switched to Live) stay
//! [`StepState::Check`]: ClientFill says where to look instead of guessing.
//!
//! ```
//! use clientfill_core::checklist::{steps, StepState};
//! use clientfill_core::page::PageKind;
//! use clientfill_core::profile::Profile;
//!
//! let profile = Profile::new("lr", "LR", "loginradius").with_param("siteName", "acme.hub.loginradius.com");
//! let list = steps(PageKind::LegacyRegister, &profile, &[]);
//! let permissions = list.iter().find(|s| s.key == "permissions-fields").unwrap();
//! assert_eq!(permissions.state, StepState::Todo);
//! ```

use crate::client::{CapturedClient, IdKind};
use crate::page::PageKind;
use crate::portal::Portal;
use crate::profile::{ClientField, ClientValues, Profile};
use crate::provider::Provider;

/// Whether a step is done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepState {
    /// Done, as far as ClientFill can see.
    Done,
    /// Still to do.
    Todo,
    /// Only the portal shows it: the text says where.
    Check,
}

impl StepState {
    /// The name used in the popup's `data-state`.
    pub fn as_str(self) -> &'static str {
        match self {
            StepState::Done => "done",
            StepState::Todo => "todo",
            StepState::Check => "check",
        }
    }
}

/// One step of the checklist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// A stable name (`register`, `redirect-uris`, `implicit-oauth`...).
    pub key: &'static str,
    /// What to do, for the user.
    pub text: String,
    /// Whether it is done.
    pub state: StepState,
}

fn step(key: &'static str, text: impl Into<String>, state: StepState) -> Step {
    Step {
        key,
        text: text.into(),
        state,
    }
}

fn done_if(condition: bool) -> StepState {
    if condition {
        StepState::Done
    } else {
        StepState::Todo
    }
}

/// The steps left on the portal of page `kind` for `profile`, given the
/// clients captured so far; empty off the portals or for a profile whose
/// values cannot be derived (the popup reports its problems instead).
pub fn steps(kind: PageKind, profile: &Profile, clients: &[CapturedClient]) -> Vec<Step> {
    let (Some(portal), provider) = (kind.portal(), kind.provider().unwrap_or_default()) else {
        return Vec::new();
    };
    let Ok(values) = profile.values_for(provider) else {
        return Vec::new();
    };
    // This profile's live clients on this portal, for this provider.
    let mine: Vec<&CapturedClient> = clients
        .iter()
        .filter(|c| {
            c.portal == portal
                && c.gone_at.is_none()
                && c.profile_id.as_deref() == Some(profile.id.as_str())
                && (portal == Portal::LegacyInstagram || c.id_kind().provider() == provider)
        })
        .collect();
    let registered = |uri: &str| {
        mine.iter()
            .any(|c| c.redirect_uris.iter().any(|r| r == uri))
    };
    // Gigya's guide registers a client per data center: the URIs may be
    // spread over several clients.
    let uris_ok =
        !values.redirect_uris.is_empty() && values.redirect_uris.iter().all(|u| registered(u));
    // The portal's own name for the id this page issues.
    let id_name = match (portal, provider) {
        (Portal::LegacyInstagram, _) => IdKind::ClientId,
        (Portal::Meta, Provider::Instagram) => IdKind::InstagramAppId,
        (Portal::Meta, Provider::Facebook) => IdKind::MetaAppId,
        (Portal::Meta, _) => IdKind::InstagramAppId,
        (Portal::GitHub, _) if matches!(kind, PageKind::GitHubAppNew | PageKind::GitHubApp) => {
            IdKind::GithubAppClientId
        }
        (Portal::GitHub, _) => IdKind::GithubClientId,
        (Portal::Google, _) => IdKind::GoogleClientId,
        (Portal::Discord, _) => IdKind::DiscordClientId,
    }
    .label();
    let mut list = Vec::new();
    match portal {
        Portal::LegacyInstagram => {
            list.push(step(
                "register",
                "Register the client (Application Name, Description, Website URL, redirect URIs) and capture its Client ID from Manage Clients.",
                done_if(!mine.is_empty()),
            ));
        }
        Portal::Meta => {
            list.push(step(
                "register",
                format!("Fill and save the {} settings; the {id_name} is captured once the dashboard saved them.", provider.label()),
                done_if(!mine.is_empty()),
            ));
        }
        Portal::GitHub => {
            list.push(step(
                "register",
                "Register the app (name, Homepage URL, callback URL); its Client ID is captured from the app's page.",
                done_if(!mine.is_empty()),
            ));
            if values.redirect_uris.len() > 1
                && matches!(kind, PageKind::GitHubOAuthAppNew | PageKind::GitHubOAuthApp)
            {
                list.push(step(
                    "one-callback",
                    "An OAuth App takes one callback URL: the others must sit under its path, or use a GitHub App (up to 10).",
                    StepState::Check,
                ));
            }
        }
        Portal::Google => {
            list.push(step(
                "register",
                "Create a Web application client (Name, Authorized redirect URIs); its Client ID is captured from the “OAuth client created” dialog.",
                done_if(!mine.is_empty()),
            ));
            list.push(step(
                "secret",
                "Copy the client secret from the “OAuth client created” dialog (or Download JSON): Google shows it only then.",
                StepState::Check,
            ));
        }
        Portal::Discord => {
            list.push(step(
                "register",
                "Add the Redirects on the application's OAuth2 page and Save Changes; its Client ID is captured there.",
                done_if(!mine.is_empty()),
            ));
        }
    }
    list.push(step(
        "redirect-uris",
        format!(
            "Redirect URIs registered exactly as {} sends them.",
            profile.preset().map_or("the broker", |p| p.label)
        ),
        done_if(uris_ok),
    ));
    if portal == Portal::LegacyInstagram && values.implicit_oauth {
        list.push(step(
            "implicit-oauth",
            "Untick “Disable implicit OAuth” on the Security tab: the token flow needs it (Fill does it on Edit Client).",
            StepState::Check,
        ));
    }
    if portal == Portal::LegacyInstagram && profile.preset == "loginradius" {
        let has_all = values.company_name.is_some()
            && values.contact_email.is_some()
            && values.privacy_policy_url.is_some();
        list.push(step(
            "permissions-fields",
            "Company Name, Contact Email and Privacy Policy URL in the profile, before a permissions submission (LoginRadius's guide).",
            done_if(has_all),
        ));
    }
    if profile.preset == "gigya" {
        if let Some(eu) = values
            .redirect_uris
            .iter()
            .find(|u| u.contains("socialize.eu1.gigya.com"))
        {
            list.push(step(
                "gigya-eu",
                format!("A client for the European data center too, with {eu} (Gigya's guide)."),
                done_if(registered(eu)),
            ));
        }
    }
    if portal == Portal::Meta {
        list.push(step(
            "meta-urls",
            "Deauthorize Callback URL and Data Deletion Request URL set (Meta requires both; Strapi's guide uses the backend URL).",
            done_if(values.deauthorize_url.is_some() && values.data_deletion_url.is_some()),
        ));
        list.push(step(
            "live",
            "Switch the app to Live (App Mode at the top of the dashboard) once it is reviewed; in Development only the app's roles can log in.",
            StepState::Check,
        ));
    }
    list.push(step(
        "broker",
        format!(
            "Copy the {id_name} into {} (the popup's “Export for the broker”).",
            profile.preset().map_or("your broker", |p| p.label)
        ),
        done_if(!mine.is_empty()),
    ));
    list
}

/// The fields the form of page `kind` will not submit without (or that the
/// portal requires before the product works) which `values` leave empty,
/// named as the page names them: flagged before the user presses Save.
pub fn missing_before_submit(kind: PageKind, values: &ClientValues) -> Vec<&'static str> {
    use ClientField::*;
    let needed: &[(ClientField, &str)] = match kind {
        PageKind::LegacyRegister | PageKind::LegacyEdit => &[
            (AppName, "Application Name"),
            (Description, "Description"),
            (WebsiteUrl, "Website URL"),
            (RedirectUris, "Valid redirect URIs"),
        ],
        PageKind::MetaAppSettings => &[
            (AppName, "Display Name"),
            (RedirectUris, "Valid OAuth Redirect URIs"),
            (DeauthorizeUrl, "Deauthorize Callback URL"),
            (DataDeletionUrl, "Data Deletion Request URL"),
        ],
        PageKind::MetaInstagramLogin => &[
            (RedirectUris, "OAuth redirect URIs"),
            (DeauthorizeUrl, "Deauthorize callback URL"),
            (DataDeletionUrl, "Data deletion request URL"),
        ],
        PageKind::MetaFacebookLogin => &[(RedirectUris, "Valid OAuth Redirect URIs")],
        PageKind::GitHubOAuthAppNew | PageKind::GitHubOAuthApp => &[
            (AppName, "Application name"),
            (WebsiteUrl, "Homepage URL"),
            (RedirectUris, "Authorization callback URL"),
        ],
        PageKind::GitHubAppNew | PageKind::GitHubApp => {
            &[(AppName, "GitHub App name"), (WebsiteUrl, "Homepage URL")]
        }
        PageKind::GoogleOAuthClientNew | PageKind::GoogleOAuthClient => {
            &[(RedirectUris, "Authorized redirect URIs")]
        }
        PageKind::DiscordAppNew => &[(AppName, "Name")],
        PageKind::DiscordOAuth2 => &[(RedirectUris, "Redirects")],
        PageKind::None
        | PageKind::LegacySignup
        | PageKind::LegacyManage
        | PageKind::MetaInstagramLoginError
        | PageKind::MetaFacebookLoginError
        | PageKind::GitHubLoginError
        | PageKind::GoogleLoginError => &[],
    };
    let Some(portal) = kind.portal() else {
        return Vec::new();
    };
    let missing = values.missing_for(portal);
    needed
        .iter()
        .filter(|(field, _)| missing.contains(field))
        .map(|(_, label)| *label)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::CapturedClient;

    fn client(portal: Portal, profile: &str, uris: &[&str]) -> CapturedClient {
        let mut c = CapturedClient::new(
            "abc123",
            portal,
            1,
            "https://www.instagram.com/developer/clients/manage/",
        );
        c.profile_id = Some(profile.to_owned());
        c.redirect_uris = uris.iter().map(|u| (*u).to_owned()).collect();
        c
    }

    fn state(list: &[Step], key: &str) -> Option<StepState> {
        list.iter().find(|s| s.key == key).map(|s| s.state)
    }

    #[test]
    fn required_fields_are_flagged_per_page() {
        let auth0 = Profile::new("a", "A", "auth0").with_param("tenant", "a.eu.auth0.com");
        let values = auth0.values().unwrap();
        assert_eq!(
            missing_before_submit(PageKind::LegacyRegister, &values),
            ["Application Name", "Description"]
        );
        assert_eq!(
            missing_before_submit(PageKind::MetaInstagramLogin, &values),
            ["Deauthorize callback URL", "Data deletion request URL"]
        );
        assert!(missing_before_submit(PageKind::MetaFacebookLogin, &values).is_empty());
        assert!(missing_before_submit(PageKind::LegacyManage, &values).is_empty());
    }

    #[test]
    fn legacy_steps_tick_from_captured_clients() {
        let gigya = Profile::new("g", "G", "gigya")
            .with_param("siteUrl", "https://www.shop.example")
            .with_param("dataCenters", ["us1.gigya.com", "eu1.gigya.com"]);
        let none = steps(PageKind::LegacyRegister, &gigya, &[]);
        assert_eq!(state(&none, "register"), Some(StepState::Todo));
        assert_eq!(state(&none, "gigya-eu"), Some(StepState::Todo));
        let us = client(
            Portal::LegacyInstagram,
            "g",
            &["https://socialize.us1.gigya.com/GS/GSLogin.aspx?"],
        );
        let one = steps(PageKind::LegacyManage, &gigya, std::slice::from_ref(&us));
        assert_eq!(state(&one, "register"), Some(StepState::Done));
        assert_eq!(
            state(&one, "redirect-uris"),
            Some(StepState::Todo),
            "EU missing"
        );
        let eu = client(
            Portal::LegacyInstagram,
            "g",
            &["https://socialize.eu1.gigya.com/GS/GSLogin.aspx?"],
        );
        let both = steps(PageKind::LegacyManage, &gigya, &[us, eu]);
        assert_eq!(state(&both, "gigya-eu"), Some(StepState::Done));
        assert_eq!(state(&both, "redirect-uris"), Some(StepState::Done));
        assert_eq!(state(&both, "meta-urls"), None);
    }

    #[test]
    fn token_flow_and_meta_steps_say_where_to_look() {
        let token = Profile::new("t", "T", "token-testing");
        assert_eq!(
            state(&steps(PageKind::LegacyEdit, &token, &[]), "implicit-oauth"),
            Some(StepState::Check)
        );
        let strapi = Profile::new("s", "S", "strapi").with_param("backendUrl", "https://x.example");
        let meta = steps(PageKind::MetaFacebookLogin, &strapi, &[]);
        assert_eq!(state(&meta, "meta-urls"), Some(StepState::Done));
        assert_eq!(state(&meta, "live"), Some(StepState::Check));
        let auth0 = Profile::new("a", "A", "auth0").with_param("tenant", "a.eu.auth0.com");
        assert_eq!(
            state(
                &steps(PageKind::MetaFacebookLogin, &auth0, &[]),
                "meta-urls"
            ),
            Some(StepState::Todo)
        );
        assert!(steps(PageKind::None, &auth0, &[]).is_empty());
    }
}
