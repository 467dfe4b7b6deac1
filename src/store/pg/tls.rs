//! TLS to the server, with rustls (the TLS library the feed client already builds), in
//! libpq's meanings of `sslmode`:
//!
//! - `disable`: plain.
//! - `allow`, `prefer` (the default): TLS when the server offers it, plain when not; the
//!   certificate is not checked.
//! - `require`: TLS or no connection; the certificate is not checked, except that, as in
//!   libpq, a root certificate file (`sslrootcert`, else `~/.postgresql/root.crt` when it
//!   exists) makes it `verify-ca`.
//! - `verify-ca`: the certificate must chain to a root in that file.
//! - `verify-full`: and must name the host connected to (a DNS name or an IP address).
//!
//! `sslrootcert=system` takes the roots of the Mozilla list compiled in (`webpki-roots`) and,
//! as in libpq, only goes with `verify-full`. A client certificate (`sslcert`, `sslkey`, or
//! libpq's files in `~/.postgresql/`) is sent when the server asks for one. Channel binding
//! (SCRAM-SHA-256-PLUS with `tls-server-end-point`) is used whenever the session is encrypted
//! and the server offers it (`channel_binding=prefer`, the default; `require` refuses a login
//! without it; `disable` never binds).
//!
//! This file decides what is checked (rustls's configuration); the stream that carries it is
//! the network layer's ([`crate::net::postgres_tls`]), since the client library's TLS hook is
//! written against the runtime's I/O traits, which the store does not name.

use crate::net::postgres_tls::MakeRustls;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore};
use rustls::{Error as TlsError, SignatureScheme};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// libpq's `sslmode`, as the URL (or `$PGSSLMODE`) gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl SslMode {
    /// libpq's spellings; `allow` is taken as `prefer` (both talk plain to a server without
    /// TLS and check no certificate).
    pub fn parse(s: &str) -> Option<SslMode> {
        Some(match s {
            "disable" => SslMode::Disable,
            "allow" | "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            SslMode::Disable => "disable",
            SslMode::Prefer => "prefer",
            SslMode::Require => "require",
            SslMode::VerifyCa => "verify-ca",
            SslMode::VerifyFull => "verify-full",
        }
    }

    /// What the client library itself is told: whether TLS is tried, and whether it must be.
    pub fn client_mode(self) -> postgres::config::SslMode {
        match self {
            SslMode::Disable => postgres::config::SslMode::Disable,
            SslMode::Prefer => postgres::config::SslMode::Prefer,
            _ => postgres::config::SslMode::Require,
        }
    }
}

/// The TLS settings of a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tls {
    pub mode: SslMode,
    /// `sslrootcert` (or `$PGSSLROOTCERT`), when given.
    pub root: Option<String>,
    /// `sslcert` and `sslkey` (or `$PGSSLCERT`, `$PGSSLKEY`), when given; else libpq's
    /// `~/.postgresql/postgresql.crt` and `.key` when they exist.
    pub cert: Option<String>,
    pub key: Option<String>,
    /// Whether a client certificate is sent at all (`sslcertmode=disable`: never).
    pub send_cert: bool,
}

impl Tls {
    /// `mode` with a root file maybe, and no client certificate given.
    #[cfg(test)]
    pub fn new(mode: SslMode, root: Option<String>) -> Tls {
        Tls {
            mode,
            root,
            cert: None,
            key: None,
            send_cert: true,
        }
    }
}

/// `sslrootcert`'s word for the compiled-in roots.
const SYSTEM: &str = "system";

/// The connector for `tls`: `None` for `disable`. `Err` is one line.
pub(super) fn connector(tls: &Tls) -> Result<Option<MakeRustls>, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    // A verifying mode always has roots (roots() says why not otherwise).
    let verifier: Arc<dyn ServerCertVerifier> = match (tls.mode, roots(tls)?) {
        (SslMode::Disable, _) => return Ok(None),
        (SslMode::VerifyFull, Some(roots)) => web_pki(roots, &provider)?,
        (SslMode::Require | SslMode::VerifyCa, Some(roots)) => {
            Arc::new(ChainOnly(web_pki(roots, &provider)?))
        }
        _ => Arc::new(Unchecked(provider.clone())),
    };
    let builder = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS: {e}"))?
        .dangerous()
        .with_custom_certificate_verifier(verifier);
    let config = match client_cert(tls)? {
        Some((chain, key)) => builder
            .with_client_auth_cert(chain, key)
            .map_err(|e| format!("TLS: the client certificate and key do not go together: {e}"))?,
        None => builder.with_no_client_auth(),
    };
    Ok(Some(MakeRustls::new(Arc::new(config))))
}

/// The client certificate (with any intermediates after it) and its key, as libpq finds them:
/// `sslcert` and `sslkey`, else `~/.postgresql/postgresql.crt` and `postgresql.key` when the
/// certificate file exists; none when neither is there. A key file that others may read is
/// refused, as libpq refuses it (mode 0600, or 0640 when root owns it).
fn client_cert(
    tls: &Tls,
) -> Result<Option<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>)>, String> {
    if !tls.send_cert {
        return Ok(None);
    }
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let default = |name: &str| home.as_ref().map(|h| h.join(".postgresql").join(name));
    let cert = match &tls.cert {
        Some(c) => PathBuf::from(c),
        None => match default("postgresql.crt") {
            Some(p) if p.exists() => p,
            _ => return Ok(None),
        },
    };
    let key = match &tls.key {
        Some(k) => PathBuf::from(k),
        None => default("postgresql.key").ok_or_else(|| {
            format!(
                "the client certificate {} needs sslkey=FILE",
                cert.display()
            )
        })?,
    };
    let pem = read_small(&cert, "the client certificate")?;
    let chain = CertificateDer::pem_slice_iter(&pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("{} is not a PEM certificate file: {e}", cert.display()))?;
    if chain.is_empty() {
        return Err(format!("{} holds no PEM certificate", cert.display()));
    }
    key_is_private(&key)?;
    let pem = read_small(&key, "the client key")?;
    let key_der = PrivateKeyDer::from_pem_slice(&pem).map_err(|e| {
        format!(
            "{} holds no private key rustls can read (PEM, unencrypted): {e}",
            key.display()
        )
    })?;
    Ok(Some((chain, key_der)))
}

/// libpq's rule for a key file: a regular file that only its owner may read or write, or
/// that root owns and its group may read.
fn key_is_private(path: &Path) -> Result<(), String> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path)
        .map_err(|e| format!("cannot read the client key {}: {e}", path.display()))?;
    if !meta.is_file() {
        return Err(format!("the client key {} is not a file", path.display()));
    }
    let mode = meta.mode() & 0o777;
    let allowed = if meta.uid() == 0 { 0o640 } else { 0o600 };
    if mode & !allowed != 0 {
        return Err(format!(
            "the client key {} may be read by others (mode {mode:o}): chmod 0600 it",
            path.display()
        ));
    }
    Ok(())
}

/// A certificate or key file, read whole if it is no larger than [`MAX_ROOT_BYTES`].
fn read_small(path: &Path, what: &str) -> Result<Vec<u8>, String> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read {what} {shown}: {e}"))?;
    if meta.len() > MAX_ROOT_BYTES {
        return Err(format!(
            "{what} {shown} is larger than {} MB",
            MAX_ROOT_BYTES >> 20
        ));
    }
    std::fs::read(path).map_err(|e| format!("cannot read {what} {shown}: {e}"))
}

/// The root certificates the mode checks against, if any: `sslrootcert`, else libpq's
/// default file when it exists (a verifying mode without either is an error, as in libpq).
fn roots(tls: &Tls) -> Result<Option<RootCertStore>, String> {
    if tls.mode == SslMode::Disable || tls.mode == SslMode::Prefer {
        return Ok(None);
    }
    let verifying = matches!(tls.mode, SslMode::VerifyCa | SslMode::VerifyFull);
    if tls.root.as_deref() == Some(SYSTEM) {
        if tls.mode != SslMode::VerifyFull {
            return Err(format!(
                "sslrootcert=system needs sslmode=verify-full, not {}",
                tls.mode.name()
            ));
        }
        let mut store = RootCertStore::empty();
        store.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        return Ok(Some(store));
    }
    let path = match &tls.root {
        Some(p) => PathBuf::from(p),
        None => match default_root() {
            Some(p) if p.exists() => p,
            Some(p) if verifying => {
                return Err(format!(
                    "sslmode={} needs root certificates: give sslrootcert=FILE in the URL \
                     (or sslrootcert=system), or put them in {}",
                    tls.mode.name(),
                    p.display()
                ))
            }
            _ if verifying => {
                return Err(format!(
                    "sslmode={} needs root certificates: give sslrootcert=FILE in the URL",
                    tls.mode.name()
                ))
            }
            _ => return Ok(None),
        },
    };
    load_roots(&path).map(Some)
}

/// `~/.postgresql/root.crt`, where libpq looks.
fn default_root() -> Option<PathBuf> {
    let home = std::env::var_os("HOME")?;
    Some(Path::new(&home).join(".postgresql/root.crt"))
}

/// The PEM certificates in `path`, at most [`MAX_ROOT_BYTES`] of them.
fn load_roots(path: &Path) -> Result<RootCertStore, String> {
    let shown = path.display();
    let meta = std::fs::metadata(path)
        .map_err(|e| format!("cannot read the root certificates {shown}: {e}"))?;
    if meta.len() > MAX_ROOT_BYTES {
        return Err(format!(
            "the root certificates {shown} are larger than {} MB",
            MAX_ROOT_BYTES >> 20
        ));
    }
    let pem = std::fs::read(path)
        .map_err(|e| format!("cannot read the root certificates {shown}: {e}"))?;
    let mut store = RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(&pem) {
        let cert = cert.map_err(|e| format!("{shown} is not a PEM certificate file: {e}"))?;
        store
            .add(cert)
            .map_err(|e| format!("{shown} holds a certificate that cannot be a root: {e}"))?;
    }
    if store.is_empty() {
        return Err(format!("{shown} holds no PEM certificate"));
    }
    Ok(store)
}

/// A bundle of roots larger than this is not one.
const MAX_ROOT_BYTES: u64 = 16 << 20;

fn web_pki(
    roots: RootCertStore,
    provider: &Arc<CryptoProvider>,
) -> Result<Arc<WebPkiServerVerifier>, String> {
    WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .map_err(|e| format!("TLS: {e}"))
}

/// `prefer` and `require`: any certificate, but the handshake's signatures are still
/// checked, so the session is encrypted to whoever holds the certificate's key.
#[derive(Debug)]
struct Unchecked(Arc<CryptoProvider>);

impl ServerCertVerifier for Unchecked {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, TlsError> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, TlsError> {
        let algorithms = &self.0.signature_verification_algorithms;
        rustls::crypto::verify_tls12_signature(message, cert, dss, algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, TlsError> {
        let algorithms = &self.0.signature_verification_algorithms;
        rustls::crypto::verify_tls13_signature(message, cert, dss, algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// `verify-ca`: the chain must reach a root; the name it was issued to is not compared with
/// the host. (The full check verifies the chain before the name, so a name error means the
/// chain was good.)
#[derive(Debug)]
struct ChainOnly(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for ChainOnly {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, TlsError> {
        let checked =
            self.0
                .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now);
        match checked {
            Err(TlsError::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, TlsError> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, TlsError> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_read_as_libpq_spells_them() {
        assert_eq!(SslMode::parse("verify-full"), Some(SslMode::VerifyFull));
        assert_eq!(SslMode::parse("allow"), Some(SslMode::Prefer));
        assert_eq!(SslMode::parse("Require"), None);
        assert_eq!(
            SslMode::VerifyCa.client_mode(),
            postgres::config::SslMode::Require
        );
    }

    #[test]
    fn verifying_needs_roots_and_says_where() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("none.crt");
        let tls = Tls::new(SslMode::VerifyFull, Some(missing.display().to_string()));
        let err = connector(&tls).err().unwrap();
        assert!(err.contains("none.crt"), "{err}");
        let junk = dir.path().join("junk.crt");
        std::fs::write(&junk, "not a certificate").unwrap();
        let tls = Tls::new(SslMode::VerifyCa, Some(junk.display().to_string()));
        let err = connector(&tls).err().unwrap();
        assert!(err.contains("no PEM certificate"), "{err}");
        let tls = Tls::new(SslMode::Require, Some(SYSTEM.into()));
        assert!(connector(&tls).err().unwrap().contains("verify-full"));
        // Unchecked modes need nothing.
        let tls = Tls::new(SslMode::Require, None);
        assert!(connector(&tls).unwrap().is_some());
        let tls = Tls::new(SslMode::Disable, None);
        assert!(connector(&tls).unwrap().is_none());
    }
}
