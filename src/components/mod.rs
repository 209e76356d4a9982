pub mod app;
pub mod editor;
pub mod problems;
pub mod service_view;
