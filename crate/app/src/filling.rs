//! Filling a tab from a profile, for the popup's Fill button and the
//! keyboard shortcut alike: the extension page derives the values for the
//! page's provider, so the content script parses no profile.

use clientfill_core::fill::{self, FillOptions};
use clientfill_core::messages::{ContentRequest, ContentState, FillResult};
use clientfill_core::page::PageKind;
use clientfill_core::profile::Profile;
use clientfill_web::ext;

/// How long to wait for a content script that is still starting (a page
/// that has just loaded), before saying ClientFill does not run there.
const CONTENT_START_ATTEMPTS: u32 = 12;
const CONTENT_START_INTERVAL_MS: u32 = 250;

/// What the content script of `tab` says of its page. A page outside the
/// portals has no content script to wait for: the answer is at once (the
/// extension sees only its portals' addresses).
pub async fn page_state(tab: i32) -> ext::Result<ContentState> {
    let url = ext::tab_url(tab).await.ok().flatten();
    let patterns = ext::portal_patterns().await;
    let portal = url.as_deref().is_some_and(|url| {
        patterns
            .iter()
            .any(|p| clientfill_core::portal::matches_pattern(p, url))
    });
    if !portal {
        return Err(ext::ExtError::Api("not a portal page".to_owned()));
    }
    let mut attempt = 1;
    loop {
        match ext::send_to_tab(tab, &ContentRequest::GetState).await {
            Err(ext::ExtError::Api(_)) if attempt < CONTENT_START_ATTEMPTS => {
                attempt += 1;
                gloo_timers::future::TimeoutFuture::new(CONTENT_START_INTERVAL_MS).await;
            }
            result => return result,
        }
    }
}

/// Fills the portal form of `tab` (a page of `kind`) from `profile`; a
/// profile whose values cannot be derived gives its problems as errors.
pub async fn fill_tab(
    tab: i32,
    kind: PageKind,
    profile: &Profile,
    options: FillOptions,
) -> ext::Result<FillResult> {
    match profile.values_for(kind.provider().unwrap_or_default()) {
        Ok(values) => {
            let warnings = fill::value_warnings(kind, &values);
            let request = ContentRequest::Fill {
                values: Box::new(values),
                options,
            };
            let mut reply: FillResult = ext::send_to_tab(tab, &request).await?;
            reply.warnings.extend(warnings);
            Ok(reply)
        }
        Err(problems) => Ok(FillResult {
            errors: problems
                .iter()
                .map(|p| format!("Profile “{}”: {p}", profile.name))
                .collect(),
            ..FillResult::default()
        }),
    }
}
