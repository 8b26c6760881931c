//! ClientFill's own overlay on portal pages: an open shadow root on a host
//! element of its own, so the page's form markup stays untouched and the page's
//! styles do not leak in. Styled through the CSSOM, which a strict page CSP
//! (no inline styles) still allows.

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

use clientfill_web::dom;

/// The overlay; removed from the page when dropped.
pub struct Overlay {
    host: Element,
    root: ShadowRoot,
}

const HOST_TAG: &str = "clientfill-overlay";

impl Overlay {
    /// Creates the (empty) overlay host at the end of the document.
    pub fn new(doc: &Document) -> Result<Overlay, JsValue> {
        let host = doc.create_element(HOST_TAG)?;
        let root = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?;
        style(
            &host,
            &[
                ("position", "absolute"),
                ("top", "0"),
                ("left", "0"),
                ("z-index", "2147483647"),
            ],
        )?;
        doc.document_element()
            .ok_or_else(|| JsValue::from_str("the page has no root element"))?
            .append_child(&host)?;
        Ok(Overlay { host, root })
    }

    /// Shows `lines` in a callout under `anchor`, replacing what was shown;
    /// `testid` marks the callout for automation.
    pub fn show(
        &self,
        anchor: &Element,
        testid: &str,
        title: &str,
        lines: &[String],
    ) -> Result<(), JsValue> {
        self.clear();
        let doc = self.host.owner_document().ok_or("detached overlay")?;
        let callout = doc.create_element("div")?;
        callout.set_attribute("data-testid", testid)?;
        callout.set_attribute("role", "alert")?;
        let rect = anchor.get_bounding_client_rect();
        let window = web_sys::window().ok_or("no window")?;
        // Whole pixels: formatting an f64 would pull float printing into
        // every portal page's download.
        let top = (rect.bottom() + window.scroll_y()? + 4.0).round() as i64;
        let left = (rect.left() + window.scroll_x()?).round() as i64;
        let width = rect.width().clamp(280.0, 640.0).round() as i64;
        style(
            &callout,
            &[
                ("position", "absolute"),
                ("top", &format!("{top}px")),
                ("left", &format!("{left}px")),
                // The host has no size of its own: give the callout the field's width.
                ("width", &format!("{width}px")),
                ("box-sizing", "border-box"),
                ("padding", "8px 10px"),
                ("border-radius", "6px"),
                ("border", "1px solid #d92d20"),
                ("background", "#fef3f2"),
                ("color", "#7a271a"),
                ("font", "13px/1.4 system-ui, sans-serif"),
                ("box-shadow", "0 2px 8px rgba(0,0,0,.15)"),
            ],
        )?;
        let heading = dom::element_with_text(&doc, "strong", title)?;
        callout.append_child(&heading)?;
        for line in lines {
            let p = dom::element_with_text(&doc, "div", line)?;
            style(&p, &[("margin-top", "4px")])?;
            callout.append_child(&p)?;
        }
        self.root.append_child(&callout)?;
        Ok(())
    }

    /// Removes whatever is shown.
    pub fn clear(&self) {
        self.root.set_text_content(None);
    }
}

impl Drop for Overlay {
    fn drop(&mut self) {
        self.host.remove();
    }
}

fn style(element: &Element, properties: &[(&str, &str)]) -> Result<(), JsValue> {
    let style = element.unchecked_ref::<HtmlElement>().style();
    for (name, value) in properties {
        style.set_property(name, value)?;
    }
    Ok(())
}
