#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace gongjian::store {

// A column value or parameter. Integers are 64-bit; money is always an integer (分).
using Value = std::variant<std::monostate, int64_t, double, std::string>;
using Params = std::vector<Value>;

inline Value Null() { return std::monostate{}; }
template <typename T>
Value Opt(const std::optional<T>& v) {
  return v ? Value(*v) : Null();
}

// One row of a ResultSet, valid while the ResultSet lives. Accessors by column name
// throw std::out_of_range for an unknown column (a programmer error).
class RowRef {
 public:
  RowRef(const std::vector<std::string>& columns, const std::vector<Value>& values)
      : columns_(columns), values_(values) {}
  bool IsNull(std::string_view column) const;
  int64_t Int(std::string_view column) const;  // null reads as 0
  double Real(std::string_view column) const;
  std::string Text(std::string_view column) const;  // null reads as ""
  std::optional<int64_t> OptInt(std::string_view column) const;
  std::optional<std::string> OptText(std::string_view column) const;
  const Value& At(std::string_view column) const;

 private:
  const std::vector<std::string>& columns_;
  const std::vector<Value>& values_;
};

// The rows a statement returned, fully materialised.
struct ResultSet {
  std::vector<std::string> columns;
  std::vector<std::vector<Value>> rows;

  bool empty() const { return rows.empty(); }
  size_t size() const { return rows.size(); }
  RowRef Row(size_t i) const { return RowRef(columns, rows.at(i)); }
  RowRef First() const { return Row(0); }
};

}  // namespace gongjian::store
