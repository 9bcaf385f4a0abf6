#include "auth/keyring.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

namespace gongjian::auth {

KeyRing KeyRing::Derive(std::string_view master) {
  KeyRing k;
  k.audit_key = HmacSm3(master, "gongjian/audit-chain");
  k.pepper = HmacSm3(master, "gongjian/password-pepper");
  k.totp = DeriveSealKeys(master, "gongjian/totp");
  return k;
}

std::string KeyRing::SignAudit(std::string_view canonical) const { return HexEncode(HmacSm3(audit_key, canonical)); }

core::Result<std::string> LoadOrCreateMasterKey(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    auto parent = fs::path(path).parent_path();
    if (!parent.empty()) fs::create_directories(parent, ec);
    std::string key = RandomBytes(32);
    std::string tmp = path + ".partial";
    {
      std::ofstream out(tmp, std::ios::trunc);
      if (!out) return core::Fail(core::Status::Internal("cannot write key file " + path));
      ::chmod(tmp.c_str(), 0600);
      out << HexEncode(key) << "\n";
      if (!out.flush()) return core::Fail(core::Status::Internal("cannot write key file " + path));
    }
    fs::rename(tmp, path, ec);
    if (ec) return core::Fail(core::Status::Internal("cannot create key file " + path + ": " + ec.message()));
    return key;
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return core::Fail(core::Status::Internal("cannot stat key file " + path));
  if (st.st_mode & (S_IRWXG | S_IRWXO)) {
    return core::Fail(core::Status::Internal("key file " + path + " must be readable by its owner only (chmod 600)"));
  }
  std::ifstream in(path);
  std::string hex;
  in >> hex;
  auto key = HexDecode(hex);
  if (!key || key->size() != 32) return core::Fail(core::Status::Internal("key file " + path + " is malformed"));
  return *key;
}

}  // namespace gongjian::auth
