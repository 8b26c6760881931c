//! One table row per preset: parameters in, every portal value out, checked
//! against the strings the brokers' guides print.

use clientfill_core::portal::Portal;
use clientfill_core::preset::PRESETS;
use clientfill_core::profile::{ClientValues, ParamValue, Profile};
use clientfill_core::provider::Provider;
use clientfill_core::uri::{check, diagnose, IssueCode};

struct Case {
    preset: &'static str,
    params: Vec<(&'static str, ParamValue)>,
    website_url: Option<&'static str>,
    redirect_uris: &'static [&'static str],
    /// On Facebook Login pages, where the callback names the provider;
    /// `None`: the same as `redirect_uris`.
    facebook_uris: Option<&'static [&'static str]>,
    deauthorize_url: Option<&'static str>,
    data_deletion_url: Option<&'static str>,
    implicit_oauth: bool,
}

fn case(preset: &'static str, params: Vec<(&'static str, ParamValue)>) -> Case {
    Case {
        preset,
        params,
        website_url: None,
        redirect_uris: &[],
        facebook_uris: None,
        deauthorize_url: None,
        data_deletion_url: None,
        implicit_oauth: false,
    }
}

fn cases() -> Vec<Case> {
    vec![
        // Auth0 guide: https://${account.namespace} and .../login/callback.
        Case {
            website_url: Some("https://acme.eu.auth0.com"),
            redirect_uris: &["https://acme.eu.auth0.com/login/callback"],
            ..case("auth0", vec![("tenant", "acme.eu.auth0.com".into())])
        },
        Case {
            website_url: Some("https://login.example.com"),
            redirect_uris: &["https://login.example.com/login/callback"],
            ..case("auth0", vec![("tenant", "login.example.com".into())])
        },
        // Gigya guide: the Manage Clients card of its example client, URIs in
        // the card's order, each with its trailing "?".
        Case {
            website_url: Some("http://www.gigya.com"),
            redirect_uris: &[
                "https://socialize.gigya.com/GS/GSLogin.aspx?",
                "https://socialize.eu1.gigya.com/GS/GSLogin.aspx?",
                "https://socialize.us1.gigya.com/GS/GSLogin.aspx?",
                "https://socialize.au1.gigya.com/GS/GSLogin.aspx?",
            ],
            ..case(
                "gigya",
                vec![
                    ("siteUrl", "http://www.gigya.com".into()),
                    (
                        "dataCenters",
                        [
                            "gigya.com",
                            "eu1.gigya.com",
                            "us1.gigya.com",
                            "au1.gigya.com",
                        ]
                        .into(),
                    ),
                ],
            )
        },
        // The other data centers of the guide's list, and a CNAME alias
        // (which replaces socialize.gigya.com).
        Case {
            website_url: Some("https://www.example.com"),
            redirect_uris: &[
                "https://socialize.ru1.gigya.com/GS/GSLogin.aspx?",
                "https://socialize.cn1.gigya-api.cn/GS/GSLogin.aspx?",
                "https://login.example.com/GS/GSLogin.aspx?",
            ],
            ..case(
                "gigya",
                vec![
                    ("siteUrl", "https://www.example.com".into()),
                    ("dataCenters", ["ru1.gigya.com", "cn1.gigya-api.cn"].into()),
                    ("alias", "login.example.com".into()),
                ],
            )
        },
        Case {
            website_url: Some("https://www.example.com"),
            redirect_uris: &["https://login.example.com/GS/GSLogin.aspx?"],
            ..case(
                "gigya",
                vec![
                    ("siteUrl", "https://www.example.com".into()),
                    ("alias", "login.example.com".into()),
                ],
            )
        },
        // LoginRadius guide: #protocol#://#sitename##port#/socialauth/validate.sauth;
        // hosted sites spell out :443.
        Case {
            website_url: Some("https://acme.hub.loginradius.com"),
            redirect_uris: &["https://acme.hub.loginradius.com:443/socialauth/validate.sauth"],
            ..case(
                "loginradius",
                vec![
                    ("protocol", "https".into()),
                    ("siteName", "acme.hub.loginradius.com".into()),
                    ("port", 443u16.into()),
                ],
            )
        },
        Case {
            website_url: Some("http://www.example.com"),
            redirect_uris: &["http://www.example.com/socialauth/validate.sauth"],
            ..case(
                "loginradius",
                vec![
                    ("protocol", "http".into()),
                    ("siteName", "www.example.com".into()),
                ],
            )
        },
        // Strapi guide: the ngrok URL, with Deauthorize and Data Deletion = backend.
        Case {
            website_url: Some("https://65e60559.ngrok.io"),
            redirect_uris: &["https://65e60559.ngrok.io/api/connect/instagram/callback"],
            facebook_uris: Some(&["https://65e60559.ngrok.io/api/connect/facebook/callback"]),
            deauthorize_url: Some("https://65e60559.ngrok.io"),
            data_deletion_url: Some("https://65e60559.ngrok.io"),
            ..case(
                "strapi",
                vec![("backendUrl", "https://65e60559.ngrok.io".into())],
            )
        },
        // The same with the trailing slash a browser's address bar adds.
        Case {
            website_url: Some("https://65e60559.ngrok.io"),
            redirect_uris: &["https://65e60559.ngrok.io/api/connect/instagram/callback"],
            facebook_uris: Some(&["https://65e60559.ngrok.io/api/connect/facebook/callback"]),
            deauthorize_url: Some("https://65e60559.ngrok.io"),
            data_deletion_url: Some("https://65e60559.ngrok.io"),
            ..case(
                "strapi",
                vec![("backendUrl", "https://65e60559.ngrok.io/".into())],
            )
        },
        // Token guide: http://localhost, and uncheck "Disable implicit OAuth".
        Case {
            website_url: Some("http://localhost"),
            redirect_uris: &["http://localhost"],
            implicit_oauth: true,
            ..case("token-testing", vec![])
        },
        Case {
            website_url: Some("https://sso.example.com"),
            redirect_uris: &["https://sso.example.com/realms/master/broker/instagram/endpoint"],
            facebook_uris: Some(&[
                "https://sso.example.com/realms/master/broker/facebook/endpoint",
            ]),
            ..case(
                "keycloak",
                vec![
                    ("host", "sso.example.com".into()),
                    ("realm", "master".into()),
                ],
            )
        },
        Case {
            website_url: Some("https://sso.example.com:8443"),
            redirect_uris: &["https://sso.example.com:8443/auth/realms/acme/broker/ig/endpoint"],
            ..case(
                "keycloak",
                vec![
                    ("host", "sso.example.com:8443".into()),
                    ("realm", "acme".into()),
                    ("alias", "ig".into()),
                    ("legacyAuthPath", true.into()),
                ],
            )
        },
        Case {
            website_url: Some("https://www.example.com"),
            redirect_uris: &["https://www.example.com/api/auth/callback/instagram"],
            facebook_uris: Some(&["https://www.example.com/api/auth/callback/facebook"]),
            ..case(
                "authjs",
                vec![("siteUrl", "https://www.example.com".into())],
            )
        },
        Case {
            redirect_uris: &["https://acme-prod.firebaseapp.com/__/auth/handler"],
            ..case("firebase", vec![("projectId", "acme-prod".into())])
        },
        Case {
            redirect_uris: &["https://abcdefghijklmnopqrst.supabase.co/auth/v1/callback"],
            ..case(
                "supabase",
                vec![("projectRef", "abcdefghijklmnopqrst".into())],
            )
        },
        Case {
            redirect_uris: &["https://acme.auth.us-east-1.amazoncognito.com/oauth2/idpresponse"],
            ..case(
                "cognito",
                vec![
                    ("domainPrefix", "acme".into()),
                    ("region", "us-east-1".into()),
                ],
            )
        },
        Case {
            redirect_uris: &["https://dev-123456.okta.com/oauth2/v1/authorize/callback"],
            ..case("okta", vec![("oktaDomain", "dev-123456.okta.com".into())])
        },
        // Better Auth's first login is Facebook (it has no Instagram).
        Case {
            website_url: Some("https://www.example.com"),
            redirect_uris: &["https://www.example.com/api/auth/callback/facebook"],
            ..case(
                "better-auth",
                vec![("baseUrl", "https://www.example.com".into())],
            )
        },
        Case {
            redirect_uris: &["https://clerk.example.com/v1/oauth_callback"],
            ..case("clerk", vec![("frontendApi", "clerk.example.com".into())])
        },
        // django-allauth keeps its trailing slash.
        Case {
            website_url: Some("https://www.example.com"),
            redirect_uris: &["https://www.example.com/accounts/instagram/login/callback/"],
            facebook_uris: Some(&["https://www.example.com/accounts/facebook/login/callback/"]),
            ..case(
                "django-allauth",
                vec![("siteUrl", "https://www.example.com".into())],
            )
        },
        // Custom keeps each string exactly, "?" and ports included.
        Case {
            redirect_uris: &["https://a.example:443/cb?", "http://localhost:3000/cb/"],
            implicit_oauth: true,
            ..case(
                "custom",
                vec![
                    (
                        "redirectUris",
                        ["https://a.example:443/cb?", "http://localhost:3000/cb/"].into(),
                    ),
                    ("implicitOauth", true.into()),
                ],
            )
        },
        Case {
            redirect_uris: &["https://a.example/cb"],
            ..case(
                "custom",
                vec![("redirectUris", ["https://a.example/cb"].into())],
            )
        },
    ]
}

fn profile(case: &Case) -> Profile {
    case.params.iter().fold(
        Profile::new("p", "P", case.preset),
        |profile, (name, value)| profile.with_param(*name, value.clone()),
    )
}

/// The values of the case's profile for the first login its broker offers
/// (the guide's).
fn first_values(case: &Case) -> ClientValues {
    let preset = clientfill_core::preset::Preset::find(case.preset).unwrap();
    profile(case)
        .values_for(preset.providers[0])
        .unwrap_or_else(|problems| panic!("{}: {problems:?}", case.preset))
}

#[test]
fn every_preset_derives_its_guides_values() {
    for case in cases() {
        let values = first_values(&case);
        let origins = case
            .website_url
            .map(|url| {
                let rest = url.split_once("://").unwrap().1;
                let host = rest.split('/').next().unwrap();
                format!("{}://{host}", url.split_once("://").unwrap().0)
            })
            .into_iter()
            .collect();
        let expected = ClientValues {
            app_name: None,
            description: None,
            company_name: None,
            website_url: case.website_url.map(str::to_owned),
            redirect_uris: case.redirect_uris.iter().map(|s| (*s).to_owned()).collect(),
            privacy_policy_url: None,
            contact_email: None,
            deauthorize_url: case.deauthorize_url.map(str::to_owned),
            data_deletion_url: case.data_deletion_url.map(str::to_owned),
            implicit_oauth: case.implicit_oauth,
            javascript_origins: origins,
        };
        assert_eq!(values, expected, "{}", case.preset);
    }
}

/// Brokers whose callback names the provider give Facebook Login pages its
/// own; the others the same URIs on every page.
#[test]
fn every_preset_derives_its_facebook_uris() {
    for case in cases() {
        let profile = profile(&case);
        if !profile.supports(Provider::Facebook) || !profile.supports(Provider::Instagram) {
            continue;
        }
        let facebook = profile.values_for(Provider::Facebook).unwrap();
        let expected = case.facebook_uris.unwrap_or(case.redirect_uris);
        assert_eq!(facebook.redirect_uris, expected, "{}", case.preset);
        let instagram = profile.values_for(Provider::Instagram).unwrap();
        assert_eq!(instagram, profile.values().unwrap(), "{}", case.preset);
        // Everything but the redirect URIs is the same for both.
        assert_eq!(
            ClientValues {
                redirect_uris: instagram.redirect_uris.clone(),
                ..facebook
            },
            instagram,
            "{}",
            case.preset
        );
    }
}

#[test]
fn every_preset_has_a_case() {
    let cases = cases();
    for preset in PRESETS {
        assert!(
            cases.iter().any(|c| c.preset == preset.id),
            "no table row for {}",
            preset.id
        );
    }
}

#[test]
fn derived_uris_are_valid_and_diagnose_as_matched() {
    for case in cases() {
        let uris = first_values(&case).redirect_uris;
        for portal in Portal::ALL {
            let diagnosis = diagnose(portal, &uris, &uris);
            assert!(diagnosis.is_ok(), "{}: {diagnosis:?}", case.preset);
            assert_eq!(diagnosis.matched.len(), uris.len(), "{}", case.preset);
        }
    }
}

#[test]
fn warnings_on_the_portal_each_guide_targets() {
    let warnings = |portal: Portal, uri: &str| -> Vec<IssueCode> {
        check(portal, uri).warnings.iter().map(|w| w.code).collect()
    };
    // Strapi's guide uses ngrok because Meta refuses localhost.
    assert_eq!(
        warnings(
            Portal::Meta,
            "https://65e60559.ngrok.io/api/connect/instagram/callback"
        ),
        []
    );
    assert_eq!(
        warnings(
            Portal::Meta,
            "http://localhost:1337/api/connect/instagram/callback"
        ),
        [IssueCode::Localhost]
    );
    // The token guide's localhost is fine on the legacy portal.
    assert_eq!(warnings(Portal::LegacyInstagram, "http://localhost"), []);
    // The Gigya guide's "Secure redirects only": its http site URL is not a
    // redirect URI, but an http redirect URI would be flagged.
    assert_eq!(
        warnings(
            Portal::LegacyInstagram,
            "http://socialize.eu1.gigya.com/GS/GSLogin.aspx?"
        ),
        [IssueCode::PlainHttp]
    );
}

#[test]
fn a_registered_gigya_client_with_a_missing_question_mark() {
    let values = profile(&cases()[2]).values().unwrap();
    let mut registered = values.redirect_uris.clone();
    registered[1] = registered[1].trim_end_matches('?').to_owned();
    // The legacy portal ignores the query, so this still logs in.
    assert!(diagnose(Portal::LegacyInstagram, &values.redirect_uris, &registered).is_ok());
    let meta = diagnose(Portal::Meta, &values.redirect_uris, &registered);
    assert_eq!(meta.near_misses.len(), 1);
    assert_eq!(
        meta.near_misses[0].expected,
        "https://socialize.eu1.gigya.com/GS/GSLogin.aspx?"
    );
}

/// The callback each broker documents for its GitHub, Google and Discord
/// logins (the same parameters as in `cases`), or `None` where the broker
/// has no such login.
fn provider_rows() -> Vec<(Case, Provider, Option<&'static str>)> {
    use Provider::{Discord, GitHub, Google};
    let auth0 = || case("auth0", vec![("tenant", "acme.eu.auth0.com".into())]);
    let keycloak = || {
        case(
            "keycloak",
            vec![("host", "sso.example.com".into()), ("realm", "acme".into())],
        )
    };
    let site = |preset| case(preset, vec![("siteUrl", "https://www.example.com".into())]);
    let strapi = || {
        case(
            "strapi",
            vec![("backendUrl", "https://api.example.com".into())],
        )
    };
    let supabase = || {
        case(
            "supabase",
            vec![("projectRef", "abcdefghijklmnopqrst".into())],
        )
    };
    let firebase = || case("firebase", vec![("projectId", "acme-prod".into())]);
    let cognito = || {
        case(
            "cognito",
            vec![
                ("domainPrefix", "acme".into()),
                ("region", "us-east-1".into()),
            ],
        )
    };
    let okta = || case("okta", vec![("oktaDomain", "dev-123456.okta.com".into())]);
    let better = || {
        case(
            "better-auth",
            vec![("baseUrl", "https://www.example.com".into())],
        )
    };
    let clerk = || case("clerk", vec![("frontendApi", "clerk.example.com".into())]);
    let gigya = || {
        case(
            "gigya",
            vec![
                ("siteUrl", "https://www.example.com".into()),
                ("dataCenters", ["gigya.com"].into()),
            ],
        )
    };
    let loginradius = || {
        case(
            "loginradius",
            vec![("siteName", "acme.hub.loginradius.com".into())],
        )
    };
    vec![
        // Auth0: one callback for every social connection.
        (
            auth0(),
            GitHub,
            Some("https://acme.eu.auth0.com/login/callback"),
        ),
        (
            auth0(),
            Google,
            Some("https://acme.eu.auth0.com/login/callback"),
        ),
        (
            auth0(),
            Discord,
            Some("https://acme.eu.auth0.com/login/callback"),
        ),
        // Keycloak: the broker endpoint of the identity provider's alias.
        (
            keycloak(),
            GitHub,
            Some("https://sso.example.com/realms/acme/broker/github/endpoint"),
        ),
        (
            keycloak(),
            Google,
            Some("https://sso.example.com/realms/acme/broker/google/endpoint"),
        ),
        (keycloak(), Discord, None),
        // Auth.js and Better Auth: /api/auth/callback/<provider>.
        (
            site("authjs"),
            GitHub,
            Some("https://www.example.com/api/auth/callback/github"),
        ),
        (
            site("authjs"),
            Google,
            Some("https://www.example.com/api/auth/callback/google"),
        ),
        (
            site("authjs"),
            Discord,
            Some("https://www.example.com/api/auth/callback/discord"),
        ),
        (
            better(),
            GitHub,
            Some("https://www.example.com/api/auth/callback/github"),
        ),
        (
            better(),
            Google,
            Some("https://www.example.com/api/auth/callback/google"),
        ),
        (
            better(),
            Discord,
            Some("https://www.example.com/api/auth/callback/discord"),
        ),
        // Strapi: /api/connect/<provider>/callback.
        (
            strapi(),
            GitHub,
            Some("https://api.example.com/api/connect/github/callback"),
        ),
        (
            strapi(),
            Google,
            Some("https://api.example.com/api/connect/google/callback"),
        ),
        (
            strapi(),
            Discord,
            Some("https://api.example.com/api/connect/discord/callback"),
        ),
        // django-allauth: /accounts/<provider>/login/callback/, slash kept.
        (
            site("django-allauth"),
            GitHub,
            Some("https://www.example.com/accounts/github/login/callback/"),
        ),
        (
            site("django-allauth"),
            Google,
            Some("https://www.example.com/accounts/google/login/callback/"),
        ),
        (
            site("django-allauth"),
            Discord,
            Some("https://www.example.com/accounts/discord/login/callback/"),
        ),
        // Supabase, Firebase, Cognito, Okta, Clerk: one callback each.
        (
            supabase(),
            GitHub,
            Some("https://abcdefghijklmnopqrst.supabase.co/auth/v1/callback"),
        ),
        (
            supabase(),
            Google,
            Some("https://abcdefghijklmnopqrst.supabase.co/auth/v1/callback"),
        ),
        (
            supabase(),
            Discord,
            Some("https://abcdefghijklmnopqrst.supabase.co/auth/v1/callback"),
        ),
        (
            firebase(),
            GitHub,
            Some("https://acme-prod.firebaseapp.com/__/auth/handler"),
        ),
        (
            firebase(),
            Google,
            Some("https://acme-prod.firebaseapp.com/__/auth/handler"),
        ),
        (firebase(), Discord, None),
        (
            cognito(),
            Google,
            Some("https://acme.auth.us-east-1.amazoncognito.com/oauth2/idpresponse"),
        ),
        (cognito(), GitHub, None),
        (cognito(), Discord, None),
        (
            okta(),
            GitHub,
            Some("https://dev-123456.okta.com/oauth2/v1/authorize/callback"),
        ),
        (
            okta(),
            Google,
            Some("https://dev-123456.okta.com/oauth2/v1/authorize/callback"),
        ),
        (
            okta(),
            Discord,
            Some("https://dev-123456.okta.com/oauth2/v1/authorize/callback"),
        ),
        (
            clerk(),
            GitHub,
            Some("https://clerk.example.com/v1/oauth_callback"),
        ),
        (
            clerk(),
            Google,
            Some("https://clerk.example.com/v1/oauth_callback"),
        ),
        (
            clerk(),
            Discord,
            Some("https://clerk.example.com/v1/oauth_callback"),
        ),
        (
            gigya(),
            Google,
            Some("https://socialize.gigya.com/GS/GSLogin.aspx?"),
        ),
        (gigya(), GitHub, None),
        (
            loginradius(),
            GitHub,
            Some("https://acme.hub.loginradius.com/socialauth/validate.sauth"),
        ),
        (loginradius(), Discord, None),
        (case("token-testing", vec![]), GitHub, None),
    ]
}

#[test]
fn every_preset_derives_its_callback_per_provider_or_says_it_has_none() {
    for (case, provider, expected) in provider_rows() {
        let derived = profile(&case).values_for(provider);
        match expected {
            Some(uri) => {
                let values =
                    derived.unwrap_or_else(|p| panic!("{} {provider:?}: {p:?}", case.preset));
                assert_eq!(values.redirect_uris, [uri], "{} {provider:?}", case.preset);
            }
            None => {
                let problems = derived.expect_err(case.preset);
                assert_eq!(problems.len(), 1, "{problems:?}");
                assert_eq!(problems[0].path, "provider");
                assert!(
                    problems[0]
                        .message
                        .contains(&format!("has no {} login", provider.label())),
                    "{}",
                    problems[0].message
                );
            }
        }
    }
    // Every preset and every new provider has a row.
    for preset in PRESETS {
        for provider in [Provider::GitHub, Provider::Google] {
            let covered = provider_rows()
                .iter()
                .any(|(c, p, _)| c.preset == preset.id && *p == provider);
            assert!(
                covered
                    || preset.id == "custom"
                    || preset.id == "token-testing"
                    || preset.id == "gigya"
                    || preset.id == "loginradius",
                "{} {provider:?}",
                preset.id
            );
        }
    }
}

#[test]
fn a_profile_for_an_unsupported_provider_keeps_its_own_problems_first() {
    // A bad parameter is reported as such, not hidden behind the provider.
    let broken = Profile::new("p", "P", "firebase").with_param("projectId", "Not A Label");
    let problems = broken.values_for(Provider::Discord).unwrap_err();
    assert_eq!(problems[0].path, "params.projectId", "{problems:?}");
    assert!(broken.validate().is_err());
    let good = Profile::new("p", "P", "firebase").with_param("projectId", "acme-prod");
    assert!(
        good.validate().is_ok(),
        "validated with a login Firebase offers"
    );
}
