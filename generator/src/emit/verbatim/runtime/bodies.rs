//! Request bodies in every encoding the clients send, and binary bodies
//! streamed in both directions.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::Stream;

use super::{Error, ValidationErrors};

/// A request body as an operation method hands it to the transport.
#[doc(hidden)]
pub enum RequestBody {
    /// Bytes ready to send: JSON, text, or a body without a schema.
    Bytes { content_type: &'static str, bytes: Vec<u8> },
    /// `application/x-www-form-urlencoded`: the pairs, encoded when the
    /// request is built, after the signature of the named scheme, if the
    /// client holds its secret, is added to them.
    Form {
        pairs: Vec<(String, String)>,
        signed_by: Option<&'static str>,
    },
    Multipart(Multipart),
    /// A binary body, which may be a stream.
    Upload { content_type: &'static str, upload: Upload },
}

impl RequestBody {
    pub fn json<T: serde::Serialize + ?Sized, E>(content_type: &'static str, body: &T) -> Result<Self, Error<E>> {
        let bytes = serde_json::to_vec(body).map_err(|e| Error::Invalid(ValidationErrors::one("body", e.to_string())))?;
        Ok(RequestBody::Bytes { content_type, bytes })
    }

    /// A form of `body`'s properties in name order (nested objects' too),
    /// each written by its rule or, without one, in OpenAPI's default style
    /// (`form`, exploded).
    pub fn form<T: serde::Serialize + ?Sized, E>(body: &T, rules: &[FormRule]) -> Result<Self, Error<E>> {
        let invalid = |message: String| Error::Invalid(ValidationErrors::one("body", message));
        let value = serde_json::to_value(body).map_err(|e| invalid(e.to_string()))?;
        let serde_json::Value::Object(properties) = value else {
            return Err(invalid("a form body must be an object".to_string()));
        };
        let mut pairs = Vec::new();
        for (name, value) in by_name(&properties) {
            let rule = rules.iter().find(|rule| rule.name == name).copied().unwrap_or(FormRule {
                name: "",
                style: FormStyle::Form,
                explode: true,
                json: false,
            });
            form_pairs(name, value, &rule, &mut pairs);
        }
        Ok(RequestBody::Form { pairs, signed_by: None })
    }

    /// A form whose `sig` field the signature secret of `scheme` fills in.
    pub fn signed_form<T: serde::Serialize + ?Sized, E>(
        body: &T,
        rules: &[FormRule],
        scheme: &'static str,
    ) -> Result<Self, Error<E>> {
        match Self::form(body, rules)? {
            RequestBody::Form { pairs, .. } => Ok(RequestBody::Form {
                pairs,
                signed_by: Some(scheme),
            }),
            other => Ok(other),
        }
    }

    /// Puts the body on a request.
    pub(crate) fn attach(self, builder: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        let content_type = reqwest::header::CONTENT_TYPE;
        match self {
            RequestBody::Bytes { content_type: media, bytes } => builder.header(content_type, media).body(bytes),
            RequestBody::Form { pairs, .. } => {
                let encoded = form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                    .finish();
                builder
                    .header(content_type, "application/x-www-form-urlencoded")
                    .body(encoded)
            }
            RequestBody::Multipart(multipart) => builder.multipart(multipart.form),
            RequestBody::Upload { content_type: media, upload } => {
                let media = upload.content_type.clone().unwrap_or_else(|| media.to_string());
                builder.header(content_type, media).body(upload.into_body())
            }
        }
    }
}

/// How one form property is written: OpenAPI's `encoding` object.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct FormRule {
    pub name: &'static str,
    pub style: FormStyle,
    pub explode: bool,
    /// Written as JSON text (an `encoding` with `contentType: application/json`).
    pub json: bool,
}

#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormStyle {
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

/// The pairs of one property. Arrays repeat the name when exploded and are
/// joined by the style's delimiter otherwise; objects give one pair per
/// property when exploded, `name=key,value,…` when not, and
/// `name[key]=value` in the deep-object style. Values nested deeper than
/// that are written as JSON.
fn form_pairs(name: &str, value: &serde_json::Value, rule: &FormRule, pairs: &mut Vec<(String, String)>) {
    use serde_json::Value;
    if rule.json {
        pairs.push((name.to_string(), value.to_string()));
        return;
    }
    let delimiter = match rule.style {
        FormStyle::SpaceDelimited => " ",
        FormStyle::PipeDelimited => "|",
        FormStyle::Form | FormStyle::DeepObject => ",",
    };
    match value {
        Value::Array(items) if rule.explode || rule.style == FormStyle::DeepObject => {
            pairs.extend(items.iter().map(|item| (name.to_string(), scalar_text(item))));
        }
        Value::Array(items) => {
            let joined: Vec<String> = items.iter().map(scalar_text).collect();
            pairs.push((name.to_string(), joined.join(delimiter)));
        }
        Value::Object(properties) if rule.style == FormStyle::DeepObject => {
            for (key, value) in by_name(properties) {
                deep_pairs(&format!("{name}[{key}]"), value, pairs);
            }
        }
        Value::Object(properties) if rule.explode => {
            pairs.extend(by_name(properties).map(|(key, value)| (key.clone(), scalar_text(value))));
        }
        Value::Object(properties) => {
            let joined: Vec<String> = by_name(properties)
                .flat_map(|(key, value)| [key.clone(), scalar_text(value)])
                .collect();
            pairs.push((name.to_string(), joined.join(delimiter)));
        }
        scalar => pairs.push((name.to_string(), scalar_text(scalar))),
    }
}

/// `name[a][b]=value` for every value inside a deep object.
fn deep_pairs(name: &str, value: &serde_json::Value, pairs: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::Object(properties) => {
            for (key, value) in by_name(properties) {
                deep_pairs(&format!("{name}[{key}]"), value, pairs);
            }
        }
        serde_json::Value::Array(items) => {
            pairs.extend(items.iter().map(|item| (name.to_string(), scalar_text(item))));
        }
        scalar => pairs.push((name.to_string(), scalar_text(scalar))),
    }
}

/// An object's properties in name order, whichever order `serde_json`
/// keeps (it keeps insertion order when any crate in the build turns on its
/// `preserve_order` feature), so that a form is the same in every build.
fn by_name(properties: &serde_json::Map<String, serde_json::Value>) -> impl Iterator<Item = (&String, &serde_json::Value)> {
    let mut sorted: Vec<(&String, &serde_json::Value)> = properties.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    sorted.into_iter()
}

/// A value as form text: strings as they are, `null` as nothing, numbers
/// and booleans as JSON writes them, anything else as JSON.
fn scalar_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A `multipart/form-data` body, built part by part.
#[doc(hidden)]
pub struct Multipart {
    form: reqwest::multipart::Form,
}

impl Default for Multipart {
    fn default() -> Self {
        Multipart {
            form: reqwest::multipart::Form::new(),
        }
    }
}

impl Multipart {
    pub fn text<E>(self, name: &'static str, value: String, content_type: Option<&str>) -> Result<Self, Error<E>> {
        let part = with_type(reqwest::multipart::Part::text(value), name, content_type)?;
        Ok(Multipart {
            form: self.form.part(name, part),
        })
    }

    pub fn json<T: serde::Serialize + ?Sized, E>(
        self,
        name: &'static str,
        value: &T,
        content_type: Option<&str>,
    ) -> Result<Self, Error<E>> {
        let bytes = serde_json::to_vec(value).map_err(|e| Error::Invalid(ValidationErrors::one(name, e.to_string())))?;
        let part = reqwest::multipart::Part::bytes(bytes);
        let part = with_type(part, name, Some(content_type.unwrap_or("application/json")))?;
        Ok(Multipart {
            form: self.form.part(name, part),
        })
    }

    /// A file part: its own content type first, then the spec's, then
    /// `application/octet-stream`.
    pub fn file<E>(self, name: &'static str, upload: Upload, content_type: Option<&str>) -> Result<Self, Error<E>> {
        let media = upload
            .content_type
            .clone()
            .or_else(|| content_type.map(str::to_string))
            .unwrap_or_else(|| "application/octet-stream".to_string());
        let file_name = upload.file_name.clone();
        let part = match upload.body {
            UploadBody::Bytes(bytes) => {
                let length = bytes.len() as u64;
                reqwest::multipart::Part::stream_with_length(bytes, length)
            }
            UploadBody::Stream(body) => reqwest::multipart::Part::stream(body),
        };
        let part = with_type(part, name, Some(&media))?;
        let part = match file_name {
            Some(file_name) => part.file_name(file_name),
            None => part,
        };
        Ok(Multipart {
            form: self.form.part(name, part),
        })
    }
}

fn with_type<E>(
    part: reqwest::multipart::Part,
    name: &str,
    content_type: Option<&str>,
) -> Result<reqwest::multipart::Part, Error<E>> {
    match content_type {
        None => Ok(part),
        Some(media) => part
            .mime_str(media)
            .map_err(|e| Error::Invalid(ValidationErrors::one(name, e.to_string()))),
    }
}

/// Bytes to send: a whole binary body, or one file of a multipart body.
/// Made from bytes in memory or from a stream, which is sent as it is read
/// and never held whole; a streamed body is sent once, never retried.
pub struct Upload {
    body: UploadBody,
    file_name: Option<String>,
    content_type: Option<String>,
}

enum UploadBody {
    Bytes(bytes::Bytes),
    Stream(reqwest::Body),
}

impl Upload {
    pub fn bytes(bytes: impl Into<bytes::Bytes>) -> Self {
        Upload {
            body: UploadBody::Bytes(bytes.into()),
            file_name: None,
            content_type: None,
        }
    }

    /// Chunks from a stream, such as a file read with `tokio_util::io::ReaderStream`.
    pub fn stream<S, O, E>(stream: S) -> Self
    where
        S: futures_util::TryStream<Ok = O, Error = E> + Send + 'static,
        bytes::Bytes: From<O>,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        Upload {
            body: UploadBody::Stream(reqwest::Body::wrap_stream(stream)),
            file_name: None,
            content_type: None,
        }
    }

    /// The file name a multipart part carries.
    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// The media type sent with it, instead of the one the spec gives.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    fn into_body(self) -> reqwest::Body {
        match self.body {
            UploadBody::Bytes(bytes) => reqwest::Body::from(bytes),
            UploadBody::Stream(body) => body,
        }
    }
}

impl From<Vec<u8>> for Upload {
    fn from(bytes: Vec<u8>) -> Self {
        Upload::bytes(bytes)
    }
}

impl From<bytes::Bytes> for Upload {
    fn from(bytes: bytes::Bytes) -> Self {
        Upload::bytes(bytes)
    }
}

impl From<&'static [u8]> for Upload {
    fn from(bytes: &'static [u8]) -> Self {
        Upload::bytes(bytes)
    }
}

impl From<String> for Upload {
    fn from(text: String) -> Self {
        Upload::bytes(text)
    }
}

/// Shows the file name, media type and size, never the content.
impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct("Upload");
        match &self.body {
            UploadBody::Bytes(bytes) => out.field("bytes", &bytes.len()),
            UploadBody::Stream(_) => out.field("bytes", &"stream"),
        };
        out.field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// A binary response body, read as it arrives.
pub struct ByteStream {
    chunks: Pin<Box<dyn Stream<Item = Result<bytes::Bytes, reqwest::Error>> + Send>>,
}

impl ByteStream {
    pub(crate) fn new(response: reqwest::Response) -> Self {
        ByteStream {
            chunks: Box::pin(response.bytes_stream()),
        }
    }

    pub(crate) fn buffered(bytes: bytes::Bytes) -> Self {
        ByteStream {
            chunks: Box::pin(futures_util::stream::iter([Ok(bytes)])),
        }
    }

    /// Reads the rest of the body into memory.
    pub async fn into_bytes(mut self) -> Result<bytes::Bytes, reqwest::Error> {
        use futures_util::StreamExt;
        let mut whole = bytes::BytesMut::new();
        while let Some(chunk) = self.chunks.next().await {
            whole.extend_from_slice(&chunk?);
        }
        Ok(whole.freeze())
    }
}

impl Stream for ByteStream {
    type Item = Result<bytes::Bytes, reqwest::Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.chunks.as_mut().poll_next(cx)
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ByteStream")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(value: serde_json::Value, rules: &[FormRule]) -> Vec<(String, String)> {
        match RequestBody::form::<_, ()>(&value, rules) {
            Ok(RequestBody::Form { pairs, .. }) => pairs,
            _ => panic!("not a form"),
        }
    }

    #[test]
    fn forms_follow_the_style_of_each_property() {
        let rule = |name, style, explode| FormRule {
            name,
            style,
            explode,
            json: false,
        };
        let body = serde_json::json!({"to": "447700900000", "tags": ["a", "b"], "ids": [1, 2],
            "filter": {"type": "x", "n": 2}, "color": {"r": 1, "g": 2}, "meta": {"k": [1]}});
        let rules = [
            rule("ids", FormStyle::PipeDelimited, false),
            rule("filter", FormStyle::DeepObject, true),
            FormRule {
                name: "meta",
                style: FormStyle::Form,
                explode: true,
                json: true,
            },
        ];
        let got = pairs(body, &rules);
        // Properties in name order, in every build.
        let want: Vec<(String, String)> = [
            ("g", "2"),
            ("r", "1"),
            ("filter[n]", "2"),
            ("filter[type]", "x"),
            ("ids", "1|2"),
            ("meta", "{\"k\":[1]}"),
            ("tags", "a"),
            ("tags", "b"),
            ("to", "447700900000"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(got, want);
    }
}
