//! Signed requests, as Vonage's classic APIs (SMS, Conversion, …) accept
//! them in place of the API secret, and as Vonage signs the callbacks of
//! those APIs.
//!
//! The signature covers every parameter of a request, from the query or
//! the form body, and a `timestamp` in Unix seconds. The parameters other
//! than `sig` are sorted by name, `&` and `=` inside each value become `_`,
//! and they are joined as `&name=value&name=value`. The `md5hash` method
//! appends the signature secret to that string and takes its MD5; the HMAC
//! methods key an HMAC with the secret over the string. The signature is
//! the digest in lowercase hex, sent as `sig`.

use hmac::{Hmac, KeyInit, Mac};
use md5::Digest;

/// The parameter that carries the signature.
pub const SIGNATURE_PARAMETER: &str = "sig";
/// The parameter that carries the time of signing, in Unix seconds.
pub const TIMESTAMP_PARAMETER: &str = "timestamp";

/// How signatures are computed: the method chosen for the signature
/// secret in the Vonage dashboard.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum SignatureMethod {
    /// MD5 of the signing string followed by the secret (Vonage's default,
    /// "MD5 hash").
    #[default]
    Md5Hash,
    /// HMAC-MD5 keyed with the secret.
    Md5Hmac,
    /// HMAC-SHA-1 keyed with the secret.
    Sha1Hmac,
    /// HMAC-SHA-256 keyed with the secret.
    Sha256Hmac,
    /// HMAC-SHA-512 keyed with the secret.
    Sha512Hmac,
}

/// The string a signature covers: every parameter but `sig`, sorted by
/// name (parameters of one name keep their order), each as `&name=value`
/// with `&` and `=` in the value replaced by `_`. Values are the decoded
/// text, not their percent-encoded form.
pub fn signing_string<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)]) -> String {
    let mut sorted: Vec<(&str, &str)> = params
        .iter()
        .map(|(name, value)| (name.as_ref(), value.as_ref()))
        .filter(|(name, _)| *name != SIGNATURE_PARAMETER)
        .collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    let mut out = String::new();
    for (name, value) in sorted {
        out.push('&');
        out.push_str(name);
        out.push('=');
        out.extend(value.chars().map(|c| if c == '&' || c == '=' { '_' } else { c }));
    }
    out
}

/// The signature of `params` (which hold the `timestamp` already; any
/// `sig` among them is left out), in lowercase hex.
pub fn signature<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)], secret: &str, method: SignatureMethod) -> String {
    let signed = signing_string(params);
    let message = signed.as_bytes();
    let key = secret.as_bytes();
    match method {
        SignatureMethod::Md5Hash => {
            let mut hash = md5::Md5::new();
            hash.update(message);
            hash.update(key);
            hex(&hash.finalize())
        }
        SignatureMethod::Md5Hmac => hmac_hex::<Hmac<md5::Md5>>(key, message),
        SignatureMethod::Sha1Hmac => hmac_hex::<Hmac<sha1::Sha1>>(key, message),
        SignatureMethod::Sha256Hmac => hmac_hex::<Hmac<sha2::Sha256>>(key, message),
        SignatureMethod::Sha512Hmac => hmac_hex::<Hmac<sha2::Sha512>>(key, message),
    }
}

/// Signs `params` in place for sending: adds `timestamp` unless they hold
/// one (an API's own `timestamp` parameter is signed as it is, as Vonage's
/// SDKs do), drops any earlier `sig`, and appends the new one.
pub fn sign(params: &mut Vec<(String, String)>, secret: &str, method: SignatureMethod, timestamp: u64) {
    params.retain(|(name, _)| name != SIGNATURE_PARAMETER);
    if !params.iter().any(|(name, _)| name == TIMESTAMP_PARAMETER) {
        params.push((TIMESTAMP_PARAMETER.to_string(), timestamp.to_string()));
    }
    let sig = signature(params, secret, method);
    params.push((SIGNATURE_PARAMETER.to_string(), sig));
}

fn hmac_hex<M: Mac + KeyInit>(key: &[u8], message: &[u8]) -> String {
    match <M as KeyInit>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(message);
            hex(&mac.finalize().into_bytes())
        }
        // HMAC takes keys of every length, so this is never reached; an
        // empty signature would be refused rather than let anything through.
        Err(_) => String::new(),
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // Computed apart from this code, with Python's standard library:
    // python3 -c 'import hashlib,hmac;p={"api_key":"abcd1234","to":"447700900000","from":"AcmeInc","text":"Hello & welcome = Grüße","type":"text","timestamp":"1461605396"};s="".join("&%s=%s"%(k,v.replace("&","_").replace("=","_")) for k,v in sorted(p.items()));k=b"my-signature-secret";print(s);print("md5hash",hashlib.md5(s.encode()+k).hexdigest());[print(m,hmac.new(k,s.encode(),m).hexdigest()) for m in ("md5","sha1","sha256","sha512")]'
    const SIGNED: &str = "&api_key=abcd1234&from=AcmeInc&text=Hello _ welcome _ Grüße&timestamp=1461605396&to=447700900000&type=text";
    const SECRET: &str = "my-signature-secret";
    const VECTORS: [(SignatureMethod, &str); 5] = [
        (SignatureMethod::Md5Hash, "e69133ef26b2c8e665b8a4da11d01b4e"),
        (SignatureMethod::Md5Hmac, "f061aa7473f28c5eda13e51dcd8f2bd0"),
        (SignatureMethod::Sha1Hmac, "685ffb0c07e2a8045147c8d584f437db7dbec585"),
        (
            SignatureMethod::Sha256Hmac,
            "35a1d83d17c944f2dcbcbececec6637a9f63fa1fb7e99f6819b32f2a89622854",
        ),
        (
            SignatureMethod::Sha512Hmac,
            "c773ad65ab8ce3ad68b1811a8933e7bf4ee496d840b7e83aa3a28f6a2e5841cd7cf394dd506a6e2881c9ff9be34f74387493688f291505a65c027e7c4403f678",
        ),
    ];

    fn params() -> Vec<(String, String)> {
        [
            ("to", "447700900000"),
            ("type", "text"),
            ("api_key", "abcd1234"),
            ("text", "Hello & welcome = Grüße"),
            ("from", "AcmeInc"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    #[test]
    fn the_signing_string_is_the_documented_one() {
        let mut with_time = params();
        with_time.push(("timestamp".into(), "1461605396".into()));
        with_time.push(("sig".into(), "left out".into()));
        assert_eq!(signing_string(&with_time), SIGNED);
    }

    #[test]
    fn every_method_matches_independently_computed_vectors() {
        for (method, expected) in VECTORS {
            let mut signed = params();
            sign(&mut signed, SECRET, method, 1_461_605_396);
            let sent: Vec<(&str, &str)> = signed.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            assert_eq!(sent[sent.len() - 2..], [("timestamp", "1461605396"), ("sig", expected)], "{method:?}");
        }
    }

    #[test]
    fn an_own_timestamp_is_signed_and_an_old_signature_replaced() {
        let mut signed = params();
        signed.push(("timestamp".into(), "1461605396".into()));
        signed.push(("sig".into(), "stale".into()));
        sign(&mut signed, SECRET, SignatureMethod::Md5Hash, 1);
        assert_eq!(signed.iter().filter(|(k, _)| k == "timestamp").count(), 1);
        let sigs: Vec<&str> = signed.iter().filter(|(k, _)| k == "sig").map(|(_, v)| v.as_str()).collect();
        assert_eq!(sigs, [VECTORS[0].1]);
    }
}
