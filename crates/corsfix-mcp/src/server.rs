//! The MCP server: tools and resources over rmcp's `ServerHandler`.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use futures::FutureExt as _;
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
    ListResourceTemplatesResult, ListResourcesResult, ListToolsResult, PaginatedRequestParams,
    ReadResourceRequestParams, ReadResourceResponse, ReadResourceResult, Resource,
    ResourceContents, ResourceTemplate, ServerCapabilities, ServerConfig, Tool, ToolAnnotations,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler};
use serde_json::{Map, Value};

use crate::tools::{self, Answer};
use crate::{Options, resources, schema};

/// What the server tells the assistant when it connects.
const INSTRUCTIONS: &str = "corsfix knows exactly why a browser blocks a cross-origin request and the exact fix. \
Use `explain` on a pasted console error (Chrome, Firefox, Safari), `check` to probe a live endpoint as the browser would, \
`simulate` to ask what each browser does with a given request and server answer, `generate` for the CORS configuration \
of a framework or server (`targets` lists them), and `lint` to review a CORS policy. Prefer these answers to guessing: \
they come from a model of Chromium, Firefox and WebKit checked against the real browsers.";

/// The corsfix MCP server.
#[derive(Debug, Clone)]
pub struct Server {
    options: Arc<Options>,
}

impl Server {
    /// A server with these options.
    pub fn new(options: Options) -> Self {
        Self {
            options: Arc::new(options),
        }
    }

    /// Every tool, with its schemas.
    pub fn tools() -> Vec<Tool> {
        schema::tools()
            .iter()
            .map(|(name, t)| {
                let live = name == "check";
                Tool::new(
                    name.clone(),
                    t.description.clone(),
                    Arc::new(t.input.clone()),
                )
                .with_title(t.title.clone())
                .with_raw_output_schema(Arc::new(t.output.clone()))
                .with_annotations(
                    ToolAnnotations::with_title(t.title.clone())
                        .read_only(true)
                        .destructive(false)
                        .idempotent(true)
                        .open_world(live),
                )
            })
            .collect()
    }

    /// Run one tool. `None` when there is no tool by that name.
    pub(crate) async fn call(&self, name: &str, args: Map<String, Value>) -> Option<Answer> {
        let options = Arc::clone(&self.options);
        let run = async move {
            match name {
                "explain" => Some(tools::explain(args)),
                "simulate" => Some(tools::simulate(args)),
                "check" => Some(tools::check(args, &options).await),
                "generate" => Some(tools::generate(args)),
                "lint" => Some(tools::lint(args)),
                "targets" => Some(tools::targets(args)),
                _ => None,
            }
        };
        // A bug in a library must not take the server down: the call fails, the server stays.
        match AssertUnwindSafe(run).catch_unwind().await {
            Ok(answer) => answer,
            Err(panic) => {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                tracing::error!("the `{name}` tool panicked: {what}");
                Some(Answer::error(format!(
                    "internal error in corsfix while running `{name}` (a bug; please report it): {what}"
                )))
            }
        }
    }
}

fn to_result(answer: Answer) -> CallToolResult {
    let mut result = if answer.is_error {
        CallToolResult::error(vec![ContentBlock::text(answer.text)])
    } else {
        CallToolResult::success(vec![ContentBlock::text(answer.text)])
    };
    result.structured_content = answer.structured;
    result
}

impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_resources()
                .build(),
        )
        .with_server_info(
            Implementation::new("corsfix", env!("CARGO_PKG_VERSION"))
                .with_title("corsfix")
                .with_description(
                    "Why the browser blocked a cross-origin request, and the exact fix",
                ),
        )
        .with_instructions(INSTRUCTIONS)
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(Self::tools()))
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        Self::tools().into_iter().find(|t| t.name == name)
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let args = request.arguments.unwrap_or_default();
        match self.call(&request.name, args).await {
            Some(answer) => Ok(to_result(answer).into()),
            None => Err(ErrorData::invalid_params(
                format!(
                    "unknown tool `{}`; the tools are: {}",
                    request.name,
                    schema::tools()
                        .keys()
                        .map(String::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                None,
            )),
        }
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        Ok(ListResourcesResult::with_all_items(
            resources::list()
                .into_iter()
                .map(|e| {
                    Resource::new(e.uri, e.name)
                        .with_title(e.title)
                        .with_description(e.description)
                        .with_mime_type("text/markdown")
                })
                .collect(),
        ))
    }

    async fn list_resource_templates(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourceTemplatesResult, ErrorData> {
        Ok(ListResourceTemplatesResult::with_all_items(
            resources::TEMPLATES
                .iter()
                .map(|(uri, name, title, description)| {
                    ResourceTemplate::new(*uri, *name)
                        .with_title(*title)
                        .with_description(*description)
                        .with_mime_type("text/markdown")
                })
                .collect(),
        ))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        match resources::read(&request.uri) {
            Some(text) => Ok(ReadResourceResult::new(vec![
                ResourceContents::text(text, request.uri).with_mime_type("text/markdown"),
            ])
            .into()),
            None => Err(ErrorData::resource_not_found(
                format!(
                    "no resource `{}`; see corsfix://errors, corsfix://rules and corsfix://targets",
                    request.uri
                ),
                None,
            )),
        }
    }
}
