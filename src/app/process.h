#pragma once

// Test helpers that run the real gongjian binary.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

namespace gongjian::app_test {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs `args` (a shell-quoted command line after the binary) to completion.
inline CommandResult RunGongjian(const std::string& args, const std::string& env = "") {
  std::string cmd = env + " " + GJ_BINARY + " " + args + " 2>&1";
  CommandResult r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) throw std::runtime_error("popen failed");
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
  int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// A `gongjian serve` child process on a free loopback port.
class ServerProcess {
 public:
  ServerProcess(const std::string& db_url, const std::string& key_file) {
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe");
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      close(out[0]);
      close(out[1]);
      execl(GJ_BINARY, GJ_BINARY, "--db", db_url.c_str(), "--key-file", key_file.c_str(), "--log-level", "warn",
            "serve", "--listen", "127.0.0.1:0", "--web-root", "/nonexistent", static_cast<char*>(nullptr));
      _exit(127);
    }
    close(out[1]);
    FILE* f = fdopen(out[0], "r");
    char line[512];
    // "Gongjian 0.1.0 serving http://127.0.0.1:PORT  (database …)"
    while (fgets(line, sizeof line, f)) {
      std::string s(line);
      auto at = s.find("http://127.0.0.1:");
      if (at != std::string::npos) {
        port_ = static_cast<uint16_t>(std::stoi(s.substr(at + 17)));
        break;
      }
    }
    fclose(f);
    if (port_ == 0) throw std::runtime_error("server did not start");
  }
  ~ServerProcess() {
    if (pid_ > 0 && !waited_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  uint16_t port() const { return port_; }
  void Signal(int sig) { kill(pid_, sig); }
  // Waits for the process; returns its exit code, or -1 when killed by a signal.
  int Wait() {
    int status = 0;
    waitpid(pid_, &status, 0);
    waited_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  pid_t pid_ = -1;
  uint16_t port_ = 0;
  bool waited_ = false;
};

}  // namespace gongjian::app_test
