//! Work that can wait until the frame showing a change is on screen: a keystroke's frame should
//! hold only what shows the change. [`after_paint`] runs a function in a task after the next
//! frame (the lint markers of an analysis go in then, see [`crate::bridge`]); [`drop_after_paint`]
//! frees a value then (an analysis replaced by a newer one: on a large input, freeing its objects,
//! routes and diagnostics is milliseconds of work that no view needs).

use std::any::Any;
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
export function afterPaint(cb) {
  // A frame, then a task after it: the frame is rendered before `cb` runs.
  requestAnimationFrame(() => setTimeout(cb, 0));
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = afterPaint)]
    fn after_paint_js(cb: JsValue);
}

/// Runs `f` in a task after the next frame has been rendered.
pub fn after_paint(f: impl FnOnce() + 'static) {
    after_paint_js(Closure::once_into_js(f));
}

thread_local! {
    static BIN: RefCell<Vec<Box<dyn Any>>> = const { RefCell::new(Vec::new()) };
    static SCHEDULED: Cell<bool> = const { Cell::new(false) };
}

/// Keeps `value` until the next frame has been rendered, then drops it. Whatever else refers to
/// the same data (a reference-counted analysis) lets go of it meanwhile at no cost: the freeing
/// itself happens here, after the frame.
pub fn drop_after_paint(value: impl Any) {
    BIN.with(|b| b.borrow_mut().push(Box::new(value)));
    if !SCHEDULED.with(|s| s.replace(true)) {
        after_paint(|| {
            SCHEDULED.with(|s| s.set(false));
            let bin = BIN.with(|b| std::mem::take(&mut *b.borrow_mut()));
            drop(bin);
        });
    }
}
