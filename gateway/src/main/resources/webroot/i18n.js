// Chinese by default, English one click away; every time shown in Asia/Shanghai.
const TEXT = {
  zh: {
    title: 'Vigil 非现场监管', board: '预警看板', map: '地图', devices: '设备', history: '预警历史', audit: '审计',
    login: '登录', logout: '退出', user: '用户名', password: '密码', loginFailed: '用户名或密码错误',
    tooMany: '尝试次数过多，请稍后再试', sessionExpired: '会话已过期，请重新登录',
    level: '级别', region: '区域', enterprise: '企业', kind: '设备类型', state: '状态', device: '设备', rule: '规则',
    raised: '发生时间', message: '内容', ack: '确认', acked: '已确认', ackBy: '确认人', comment: '处置意见',
    open: '未解除', closed: '已解除', all: '全部', any: '全部', mute: '静音', unmute: '声音开',
    newAlerts: '新预警', noAlerts: '没有符合条件的预警', export: '导出 CSV', live: '实时', range: '时间范围',
    field: '字段', values: '实时数值', chart: '曲线', events: '事件', alerts: '预警', replay: '轨迹回放',
    episode: '预警回溯', print: '打印', play: '播放', pause: '暂停', speed: '速度', lock: '电子锁', time: '时间',
    lastSeen: '最后上报', online: '在线', offline: '离线', never: '从未上报', openAlerts: '未解除预警',
    thresholds: '阈值', lifecycle: '处置过程', readings: '规则所用读数', cancel: '取消', submit: '提交',
    h1: '1 小时', h24: '24 小时', d7: '7 天', d30: '30 天', custom: '自定义', role: '角色', apply: '应用', back: '返回',
    admin: '管理员', regulator: '监管部门', enterpriseRole: '企业', inspector: '检查人员', locked: '锁闭', unlocked: '开启',
    cases: '处置工单', tab_mine: '我的待办', tab_region: '本辖区', tab_overdue: '已超期', tab_all: '全部工单',
    escalated: '督办', before: '限', overdue: '已超期', caseState: '处置状态', deadline: '时限', nextStep: '下一步',
    caseTimeline: '处置记录', alertCleared: '预警已解除', noCases: '没有符合条件的工单',
    step_received: '签收', step_dispatched: '派单', step_handled: '处置', step_verified: '核查', step_closed: '办结',
    to_received: '签收', to_dispatched: '派单', to_handled: '处置完成', to_verified: '核查通过', to_closed: '办结',
    to_rejected: '核查不通过', to_false_alarm: '误报', kind_transition: '处置', kind_overdue: '超期督办',
    commentNeeded_handled: '处置情况（必填）', commentNeeded_rejected: '未通过原因（必填）', commentNeeded_false_alarm: '误报原因（必填）',
    reports: '监管报表', daily: '日报', monthly: '月报', trend: '趋势', onlineRate: '在线率', validRate: '有效数据率',
    timeToReceive: '签收用时中位数', timeToHandle: '处置用时中位数', timeToClose: '办结用时中位数', byRegion: '按区域', byEnterprise: '按企业',
    validBelow: '有效数据率低于阈值的 CEMS',
    noTrack: '该时间段无轨迹',
    kind_raised: '发生', kind_escalated: '升级', kind_deescalated: '降级', kind_cleared: '解除', kind_acknowledged: '确认', points: '点', from: '从', to: '至', who: '操作人', what: '操作',
  },
  en: {
    title: 'Vigil supervision', board: 'Alert board', map: 'Map', devices: 'Devices', history: 'Alert history', audit: 'Audit',
    login: 'Sign in', logout: 'Sign out', user: 'User name', password: 'Password', loginFailed: 'Wrong user name or password',
    tooMany: 'Too many attempts, try again later', sessionExpired: 'Session expired, please sign in again',
    level: 'Level', region: 'Region', enterprise: 'Enterprise', kind: 'Device kind', state: 'State', device: 'Device', rule: 'Rule',
    raised: 'Raised', message: 'Message', ack: 'Acknowledge', acked: 'Acknowledged', ackBy: 'By', comment: 'Comment',
    open: 'Open', closed: 'Cleared', all: 'All', any: 'Any', mute: 'Muted', unmute: 'Sound on',
    newAlerts: 'new alerts', noAlerts: 'No alerts match', export: 'Export CSV', live: 'Live', range: 'Range',
    field: 'Field', values: 'Live values', chart: 'Chart', events: 'Events', alerts: 'Alerts', replay: 'Track replay',
    episode: 'Alert episode', print: 'Print', play: 'Play', pause: 'Pause', speed: 'Speed', lock: 'E-lock', time: 'Time',
    lastSeen: 'Last seen', online: 'online', offline: 'offline', never: 'never seen', openAlerts: 'Open alerts',
    thresholds: 'Thresholds', lifecycle: 'Lifecycle', readings: 'Readings the rule used', cancel: 'Cancel', submit: 'Submit',
    h1: '1 hour', h24: '24 hours', d7: '7 days', d30: '30 days', custom: 'Custom', role: 'Role', apply: 'Apply', back: 'Back',
    admin: 'Administrator', regulator: 'Regulator', enterpriseRole: 'Enterprise', inspector: 'Inspector', locked: 'locked', unlocked: 'open',
    cases: 'Work queue', tab_mine: 'Mine', tab_region: "My region's", tab_overdue: 'Overdue', tab_all: 'All cases',
    escalated: 'Escalated', before: 'by', overdue: 'Overdue', caseState: 'Case', deadline: 'Deadline', nextStep: 'Next step',
    caseTimeline: 'Case timeline', alertCleared: 'alert cleared', noCases: 'No cases match',
    step_received: 'receive', step_dispatched: 'dispatch', step_handled: 'handle', step_verified: 'verify', step_closed: 'close',
    to_received: 'Receive', to_dispatched: 'Dispatch', to_handled: 'Report handled', to_verified: 'Verified', to_closed: 'Close',
    to_rejected: 'Reject', to_false_alarm: 'False alarm', kind_transition: 'step', kind_overdue: 'overdue',
    commentNeeded_handled: 'What was done (required)', commentNeeded_rejected: 'Why it failed (required)', commentNeeded_false_alarm: 'Why it is a false alarm (required)',
    reports: 'Reports', daily: 'Daily', monthly: 'Monthly', trend: 'Trend', onlineRate: 'Online rate', validRate: 'Valid-data rate',
    timeToReceive: 'Time to receive (median)', timeToHandle: 'Time to handle (median)', timeToClose: 'Time to close (median)',
    byRegion: 'By region', byEnterprise: 'By enterprise', validBelow: 'CEMS below the valid-data threshold',
    noTrack: 'No track in this range',
    kind_raised: 'raised', kind_escalated: 'escalated', kind_deescalated: 'de-escalated', kind_cleared: 'cleared', kind_acknowledged: 'acknowledged', points: 'points', from: 'From', to: 'To', who: 'Who', what: 'What',
  },
};

// Region and profile names people read (the registry's ids are ASCII).
const NAMES = {
  'wuhai-haibowan': { zh: '海勃湾区', en: 'Haibowan District' }, 'wuhai-hainan': { zh: '海南区', en: 'Hainan District' },
  'wuhai-wuda': { zh: '乌达区', en: 'Wuda District' },
  elevator: { zh: '电梯', en: 'Elevator' }, 'emission-cems': { zh: '烟气排放连续监测', en: 'Emission CEMS' },
  'hazmat-vehicle': { zh: '危化品车辆', en: 'Hazmat vehicle' }, 'power-transformer': { zh: '电力变压器', en: 'Power transformer' },
};

export const LEVELS = ['red', 'orange', 'yellow', 'blue'];
export const LEVEL_LABEL = {
  red: { zh: '红色预警', en: 'Red warning' }, orange: { zh: '橙色预警', en: 'Orange warning' },
  yellow: { zh: '黄色预警', en: 'Yellow warning' }, blue: { zh: '蓝色预警', en: 'Blue warning' },
};

let lang = localStorage.getItem('vigil.lang') || 'zh';
const listeners = new Set();

export function getLang() {
  return lang;
}

export function setLang(l) {
  lang = l;
  localStorage.setItem('vigil.lang', l);
  document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
  listeners.forEach((f) => f(l));
}

export function onLang(f) {
  listeners.add(f);
  return () => listeners.delete(f);
}

export function t(key) {
  return (TEXT[lang] && TEXT[lang][key]) || TEXT.en[key] || key;
}

/** A registry name (region, profile) in the current language, or the id itself. */
export function name(id) {
  return (NAMES[id] && NAMES[id][lang]) || id || '—';
}

/** A {zh, en} label object in the current language. */
export function label(o, fallback) {
  return (o && (o[lang] || o.en)) || fallback || '';
}

const FORMATS = {};
function fmt(kind) {
  const k = lang + kind;
  if (!FORMATS[k]) {
    const opts = { timeZone: 'Asia/Shanghai', hour12: false, year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit' };
    if (kind === 'time') { delete opts.year; delete opts.month; delete opts.day; }
    if (kind === 'day') { delete opts.hour; delete opts.minute; delete opts.second; }
    FORMATS[k] = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', opts);
  }
  return FORMATS[k];
}

/** Epoch ms as a Beijing date and time. */
export function when(ms) {
  return ms == null ? '—' : fmt('full').format(new Date(ms));
}

/** Epoch ms as a Beijing time of day. */
export function clock(ms) {
  return ms == null ? '—' : fmt('time').format(new Date(ms));
}

/** Epoch ms as a Beijing date. */
export function day(ms) {
  return ms == null ? '—' : fmt('day').format(new Date(ms));
}

/** Epoch ms as the value of a datetime-local input, in Beijing time (UTC+8 all year). */
export function localInput(ms) {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 16);
}

/** A datetime-local input's value, read as Beijing time, as epoch ms (NaN when empty or invalid). */
export function fromLocalInput(v) {
  return v ? Date.parse(v + ':00+08:00') : NaN;
}
