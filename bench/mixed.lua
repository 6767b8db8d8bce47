-- The mixed scenario: mostly reads, plus writes by signed-in people.
-- bench/run passes, through the environment, the base URL, two session
-- cookies (a member and a group lead), and for each write the path of its
-- server function and a form body template where {n} is a per-request number.
--   BENCH_WRITES="share|cookie|path|body;;share|cookie|path|body…"
-- Each thread counts its answers by kind; done() writes the totals to
-- BENCH_OUT so bench/run can check that no write was lost.

local reads = {
  "/",
  "/propositions?q=accessibilite",
  "/propositions?statut=retenue&tri=soutiens&ordre=desc",
  "/propositions/" .. (os.getenv("BENCH_REFERENCE") or ""),
}
local cookies = {
  member = os.getenv("BENCH_MEMBER_COOKIE") or "",
  lead = os.getenv("BENCH_LEAD_COOKIE") or "",
}
local origin = os.getenv("BENCH_BASE") or ""

local writes = {}
for spec in string.gmatch(os.getenv("BENCH_WRITES") or "", "([^;]+)") do
  local share, who, path, body = spec:match("^(%d+)|(%w+)|([^|]+)|(.*)$")
  if share then
    table.insert(writes, { share = tonumber(share), cookie = cookies[who], path = path, body = body })
  end
end

local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

local counter = 0
function init(args)
  ok_reads, failed_reads, ok_writes, failed_writes = 0, 0, 0, 0
end

function request()
  counter = counter + 1
  local draw = math.random(100)
  local acc = 0
  for _, w in ipairs(writes) do
    acc = acc + w.share
    if draw <= acc then
      local body = w.body:gsub("{n}", tostring(id * 10000000 + counter))
      return wrk.format("POST", w.path, {
        ["Cookie"] = w.cookie,
        ["Origin"] = origin,
        ["Accept"] = "application/json",
        ["Content-Type"] = "application/x-www-form-urlencoded",
      }, body)
    end
  end
  return wrk.format("GET", reads[math.random(#reads)], { ["Cookie"] = cookies.member })
end

-- Pages answer in HTML, server functions do not: that tells the kind, since
-- a thread's connections answer in no particular order.
function response(status, headers, body)
  local ok = status < 400 and headers["serverfnerror"] == nil
  local content_type = headers["Content-Type"] or headers["content-type"] or ""
  if not content_type:find("text/html", 1, true) then
    if ok then ok_writes = ok_writes + 1 else failed_writes = failed_writes + 1 end
  else
    if ok then ok_reads = ok_reads + 1 else failed_reads = failed_reads + 1 end
  end
end

function done(summary, latency, requests)
  local totals = { ok_reads = 0, failed_reads = 0, ok_writes = 0, failed_writes = 0 }
  for _, t in ipairs(threads) do
    for k, _ in pairs(totals) do
      totals[k] = totals[k] + (t:get(k) or 0)
    end
  end
  local f = io.open(os.getenv("BENCH_OUT"), "w")
  f:write(string.format("lectures réussies %d, lectures en échec %d, écritures réussies %d, écritures en échec %d\n",
    totals.ok_reads, totals.failed_reads, totals.ok_writes, totals.failed_writes))
  f:close()
end
