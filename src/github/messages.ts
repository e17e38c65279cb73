/**
 * The words of the issue, comments and job summary, in English and Japanese.
 * Every argument of these functions is Markdown already escaped by the
 * caller with ./markdown.ts (text, code): nothing here escapes or quotes.
 */
import type { InstanceAudit } from '../aws/audit.js';

export type Language = 'en' | 'ja';

/** What a run scanned, typed: each language words it. */
export type ScanLabel =
  | { kind: 'history' }
  | { kind: 'push'; from: string; to: string }
  | { kind: 'pull-request'; from: string; to: string }
  | { kind: 'tree' }
  | { kind: 'nothing' };

/** The audit's words (see audit-section.ts); `why` explains one instance's verdict. */
export interface AuditMessages {
  section: string;
  notRun: string;
  noInstances: string;
  since: (since: string, from: string) => string;
  sinceFrom: Record<'flag' | 'scan' | 'key-pair-created' | 'none', string>;
  noSince: string;
  columns: [string, string, string, string];
  verdicts: Record<'yes' | 'no' | 'cannot-tell', string>;
  login: (
    user: string,
    address: string,
    count: number,
    first: string,
    last: string,
    isNew: boolean,
  ) => string;
  why: (instance: InstanceAudit) => string;
  openSession: (
    instance: string,
    pid: number,
    user: string,
    address: string,
    since: string,
  ) => string;
}

export interface Messages {
  audit: AuditMessages;
  keyless: {
    status: Record<'done' | 'partial', string>;
    login: (sessionManager: string, instanceConnect: string | null) => string;
    deleted: (name: string, id: string) => string;
  };
  title: (keyId: string) => string;
  titleEncrypted: string;
  encryptedNote: string;
  cannotMatch: string;
  moreRows: (count: number) => string;
  newPlaces: string;
  scanLabel: (label: ScanLabel) => string;
  summaryLowConfidence: (count: number) => string;
  summaryNotDone: string;
  intro: string;
  keySection: string;
  type: string;
  fingerprint: string;
  ec2Fingerprint: string;
  encrypted: string;
  yes: string;
  no: string;
  noFingerprint: string;
  whereSection: string;
  path: string;
  line: string;
  commit: string;
  author: string;
  date: string;
  introducedBy: (commit: string) => string;
  workingTree: string;
  inRepository: (repository: string) => string;
  pairsSection: string;
  noPairs: string;
  notLookedUp: string;
  pairLine: (name: string, region: string, matchedBy: string) => string;
  instance: string;
  outcome: string;
  detail: string;
  doneSection: string;
  rotationStatus: Record<
    | 'pending'
    | 'dry-run'
    | 'not-requested'
    | 'failed'
    | 'done'
    | 'partial'
    | 'no-key-pair'
    | 'cannot-match',
    string
  >;
  newKeyLine: (fingerprint: string, parameter: string) => string;
  publishedLine: (name: string, retired: string | null) => string;
  secretLine: (name: string) => string;
  todoSection: string;
  todo: {
    remove: (paths: string) => string;
    purge: string;
    forks: string;
    logs: (grep: string, since: string) => string;
    auditedLogs: (since: string) => string;
    theCommit: string;
    unreached: (ids: string) => string;
    images: string;
    sessionManager: string;
    close: string;
  };
  commentHeading: (run: string) => string;
  stillPresent: string;
  summaryTitle: string;
  summaryNoFindings: string;
  summaryFindings: (count: number) => string;
  summaryHosts: string;
  summaryScanned: (what: string, objects: number) => string;
  summaryColumns: [string, string, string, string];
  outcomes: Record<string, string>;
  prComment: (count: number) => string;
  prAdvice: string;
  footer: (run: string) => string;
}

const short = (sha: string): string => sha.slice(0, 12);

const en: Messages = {
  keyless: {
    status: {
      done: 'Keyless: the leaked key was removed from every instance it reaches and the key pair deleted; no new key was installed. Log in with Session Manager.',
      partial:
        'Keyless where SSM reaches: the leaked key was removed there and the key pair deleted; instances SSM cannot reach keep it (they would become unreachable) and are listed above.',
    },
    login: (sessionManager, instanceConnect) =>
      `Log in: ${sessionManager}${instanceConnect ? `, or ${instanceConnect}` : ''}`,
    deleted: (name, id) => `EC2 key pair **${name}** (${id}) was deleted, not replaced.`,
  },
  audit: {
    section: 'Was the key used?',
    notRun:
      'Not audited in this run (the audit runs with aws-regions and a role, in leak-response and scheduled modes, or with `audit: true`).',
    noInstances: 'No instance that the key opens was found.',
    since: (since, from) => `Logins are counted from the leak at ${since} (${from}).`,
    sinceFrom: {
      flag: 'given',
      scan: 'the earliest commit that holds the key',
      'key-pair-created': 'when the key pair was created',
      none: 'unknown',
    },
    noSince: 'No leak time is known: every login by the key counts, and "not used" cannot be said.',
    columns: ['Used since the leak?', 'Logins since', 'Before', 'Details'],
    verdicts: { yes: '**USED**', no: 'not used', 'cannot-tell': '**cannot tell**' },
    login: (user, address, count, first, last, isNew) =>
      `${user} from ${address}: ${count} (${first} … ${last})${isNew ? ' **new address**' : ''}`,
    why: (instance) => instance.why,
    openSession: (instance, pid, user, address, since) =>
      `**Open session** on ${instance}: sshd pid ${pid}, ${user} from ${address} since ${since}. Removing the key does not end it; this does:`,
  },
  title: (keyId) => `Leaked private key ${keyId}`,
  titleEncrypted: ' (encrypted)',
  encryptedNote:
    '**The key is encrypted.** A passphrase protects it, but treat it as leaked all the same: passphrases can be guessed offline, at any speed, by anyone with a copy.',
  cannotMatch:
    'Not matched: without its passphrase the public half of this encrypted key cannot be computed, so no EC2 key pair can be found by fingerprint. If it belongs to a key pair, rotate that pair by name (`mode: rotate`, `key-pairs: NAME`).',
  moreRows: (count) => `… and ${count} more`,
  newPlaces: 'Found at new places:',
  scanLabel: (label) =>
    label.kind === 'history'
      ? 'the whole history'
      : label.kind === 'push'
        ? `the pushed commits ${short(label.from)}..${short(label.to)}`
        : label.kind === 'pull-request'
          ? `the pull request's commits ${short(label.from)}..${short(label.to)}`
          : label.kind === 'tree'
            ? 'the working tree'
            : 'nothing (branch deleted)',
  summaryLowConfidence: (count) =>
    `${count} placeholder or truncated key block${count === 1 ? '' : 's'} (low confidence: annotations and SARIF only, no issue).`,
  summaryNotDone: 'Not done',
  intro:
    'A private key was committed to this repository. Treat it as compromised: anyone who could read the repository, a fork or a clone has a copy, and removing the file does not take it back.',
  keySection: 'The key',
  type: 'Type',
  fingerprint: 'Fingerprint (OpenSSH SHA256)',
  ec2Fingerprint: 'EC2 fingerprints',
  encrypted: 'Encrypted',
  yes: 'yes',
  no: 'no',
  noFingerprint:
    'none (the key cannot be fingerprinted, so it cannot be matched to an EC2 key pair)',
  whereSection: 'Where it is',
  path: 'Path',
  line: 'Line',
  commit: 'Commit',
  author: 'Author',
  date: 'Date',
  introducedBy: (commit) => `First introduced by commit ${commit}.`,
  workingTree: 'working tree',
  inRepository: (repository) => `In repository **${repository}**.`,
  pairsSection: 'EC2 key pairs and instances it opens',
  noPairs: 'No EC2 key pair in the searched regions holds this key.',
  notLookedUp:
    'Not looked up: this run had no AWS role or region (set `role-to-assume` and `aws-regions`).',
  pairLine: (name, region, matchedBy) =>
    `Key pair **${name}** in ${region}, matched by ${matchedBy}.`,
  instance: 'Instance',
  outcome: 'Outcome',
  detail: 'Detail',
  doneSection: 'What was done',
  rotationStatus: {
    pending: 'Rotation is running; this issue is updated when it ends.',
    'dry-run': 'Dry run: nothing was changed. The plan is above.',
    'not-requested': 'No rotation in this run (mode scan, or no aws-regions to search).',
    failed:
      'The rotation did not finish. Every instance keeps a working key; see the errors below and run again.',
    done: 'The key pair was rotated on every instance it reaches.',
    partial:
      'The key pair was rotated where possible; some instances still accept the leaked key (see above).',
    'no-key-pair':
      'Nothing was rotated: no EC2 key pair in the searched regions holds this key. It may still open servers outside them (other regions or accounts, or hosts not in EC2): check where it was used.',
    'cannot-match':
      'Nothing was rotated: this key cannot be matched to an EC2 key pair (see above).',
  },
  newKeyLine: (fingerprint, parameter) =>
    `New key ${fingerprint}; its private key is in Parameter Store at ${parameter} (SecureString).`,
  publishedLine: (name, retired) =>
    `EC2 key pair **${name}** now holds the new public key${retired ? `; the leaked pair (${retired}) was deleted` : ''}.`,
  secretLine: (name) => `Actions secret ${name} now holds the new private key.`,
  todoSection: 'What a person must still do',
  todo: {
    remove: (paths) =>
      `Remove the key from every branch that still has it (${paths}) and load it from a secret store instead.`,
    purge:
      'Purge it from the history with the command below, force-push every branch and tag, and ask GitHub Support to drop cached views and pull request refs:',
    forks:
      'Treat every fork and clone as exposed: rewriting history here does not reach them. Rotation, not deletion, is what ends the exposure.',
    logs: (grep, since) =>
      `Review sshd logs on every instance the key opened (${grep} in journalctl, /var/log/secure or /var/log/auth.log) and CloudTrail since ${since} for use of the key.`,
    theCommit: 'the commit',
    auditedLogs: (since) =>
      `Read the audit above ("Was the key used?"): end open sessions, look into every new address, and review by hand the instances marked "cannot tell"; check CloudTrail since ${since} for use of the key.`,
    unreached: (ids) =>
      `Restore access on the instances the rotation could not reach (${ids}): run again with \`offline-recovery: user-data\` (or \`reset-access\`), or \`ec2-key-rotate recover --instance ID --user USER --revoke-old\` once Run Command reaches them; by hand, another user's login or the root volume on a rescue instance. See "Getting back in" in the README.`,
    images:
      'Rebuild AMIs made from the affected instances (cloud-init writes the launch key back on first boot) and check launch templates that name another key pair.',
    sessionManager:
      'Where possible, move logins to Session Manager or EC2 Instance Connect instead of long-lived keys.',
    close: 'Close this issue when all of the above is done.',
  },
  commentHeading: (run) => `Run ${run}`,
  stillPresent: 'The key is still present at:',
  summaryTitle: 'ec2-key-rotate',
  summaryNoFindings: 'No private keys found.',
  summaryFindings: (count) => `${count} private key${count === 1 ? '' : 's'} found.`,
  summaryHosts: 'Instances',
  summaryScanned: (what, objects) => `Scanned ${what}: ${objects} objects.`,
  summaryColumns: ['Key', 'Fingerprint', 'Where', 'Issue'],
  outcomes: {
    rotated: 'rotated',
    'no-old-key': 'no old key',
    incomplete: 'INCOMPLETE',
    failed: 'FAILED',
    skipped: 'skipped',
    planned: 'will rotate',
  },
  prComment: (count) =>
    `This pull request adds ${count} private key${count === 1 ? '' : 's'}. Do not merge it: remove the key${count === 1 ? '' : 's'} from every commit of the branch (not only the last one).`,
  prAdvice:
    'If the key was ever used, treat it as leaked: the branch is readable by everyone who can see this pull request. A maintainer can rotate it with the `rotate` mode.',
  footer: (run) => `Reported by ec2-key-rotate, ${run}. No key material is ever written here.`,
};

const ja: Messages = {
  keyless: {
    status: {
      done: 'キーレス: 漏えいした鍵を到達できるすべてのインスタンスから削除し、キーペアも削除しました。新しい鍵は入れていません。Session Manager でログインしてください。',
      partial:
        'SSM で到達できる範囲でキーレスにしました: そこでは漏えいした鍵を削除し、キーペアも削除しました。SSM で到達できないインスタンスは (到達できなくなるため) 鍵を残しており、上に挙げています。',
    },
    login: (sessionManager, instanceConnect) =>
      `ログイン: ${sessionManager}${instanceConnect ? `、または ${instanceConnect}` : ''}`,
    deleted: (name, id) => `EC2 キーペア **${name}** (${id}) は置き換えずに削除しました。`,
  },
  audit: {
    section: '鍵は使われたか',
    notRun:
      'この実行では監査していません (監査は aws-regions とロールがあるとき、leak-response と scheduled のモード、または `audit: true` で実行します)。',
    noInstances: 'この鍵で開くインスタンスは見つかりませんでした。',
    since: (since, from) => `漏えい時刻 ${since} (${from}) 以降のログインを数えています。`,
    sinceFrom: {
      flag: '指定された時刻',
      scan: '鍵を含む最初のコミット',
      'key-pair-created': 'キーペアの作成時刻',
      none: '不明',
    },
    noSince:
      '漏えい時刻が分かりません。この鍵によるログインはすべて数え、「使われていない」とは言えません。',
    columns: ['漏えい以降に使われたか', '以降のログイン', '以前', '詳細'],
    verdicts: { yes: '**使われた**', no: '使われていない', 'cannot-tell': '**判断できない**' },
    login: (user, address, count, first, last, isNew) =>
      `${user} (${address} から): ${count} 回 (${first} … ${last})${isNew ? ' **新しいアドレス**' : ''}`,
    why: (instance) => {
      if (!instance.reached) return 'SSM で到達できませんでした';
      if (instance.verdict === 'yes')
        return `漏えいした鍵で ${instance.loginsSince} 回ログインがありました`;
      if (instance.verdict === 'no')
        return `漏えい以降のログインはありません (ログは ${instance.oldestRecord ?? '—'} まで遡れます)`;
      return instance.oldestRecord
        ? `ログは ${instance.oldestRecord} までしか遡れないか、読めない部分があり、判断できません`
        : '信頼できる sshd のログが見つからないため、判断できません';
    },
    openSession: (instance, pid, user, address, since) =>
      `${instance} に**開いたままのセッション**があります: sshd pid ${pid}、${user} (${address} から、${since} 以降)。鍵を削除しても終わりません。次のコマンドで終了します:`,
  },
  title: (keyId) => `秘密鍵の漏えい ${keyId}`,
  titleEncrypted: ' (暗号化)',
  encryptedNote:
    '**この鍵は暗号化されています。** パスフレーズで保護されていますが、漏えいしたものとして扱ってください。写しを持つ人は誰でも、オフラインで好きなだけパスフレーズを試せます。',
  cannotMatch:
    '照合できません: 暗号化された鍵はパスフレーズなしでは公開鍵を計算できないため、フィンガープリントで EC2 キーペアを探せません。キーペアの鍵であれば、名前を指定してローテーションしてください (`mode: rotate`、`key-pairs: NAME`)。',
  moreRows: (count) => `… ほか ${count} 件`,
  newPlaces: '新たに見つかった場所:',
  scanLabel: (label) =>
    label.kind === 'history'
      ? '履歴全体'
      : label.kind === 'push'
        ? `プッシュされたコミット ${short(label.from)}..${short(label.to)}`
        : label.kind === 'pull-request'
          ? `プルリクエストのコミット ${short(label.from)}..${short(label.to)}`
          : label.kind === 'tree'
            ? '作業ツリー'
            : 'なし (ブランチ削除)',
  summaryLowConfidence: (count) =>
    `プレースホルダーまたは途中で切れた鍵ブロックが ${count} 個 (確度が低いため、注釈と SARIF のみで issue は作りません)。`,
  summaryNotDone: '実施できなかったこと',
  intro:
    'このリポジトリに秘密鍵がコミットされました。漏えいしたものとして扱ってください。リポジトリ、フォーク、クローンを読めた人は誰でも写しを持っており、ファイルを消しても取り戻せません。',
  keySection: '鍵',
  type: '種類',
  fingerprint: 'フィンガープリント (OpenSSH SHA256)',
  ec2Fingerprint: 'EC2 のフィンガープリント',
  encrypted: '暗号化',
  yes: 'あり',
  no: 'なし',
  noFingerprint: 'なし (フィンガープリントを計算できないため、EC2 キーペアと照合できません)',
  whereSection: '場所',
  path: 'パス',
  line: '行',
  commit: 'コミット',
  author: '作成者',
  date: '日時',
  introducedBy: (commit) => `最初に持ち込んだコミット: ${commit}`,
  workingTree: '作業ツリー',
  inRepository: (repository) => `リポジトリ **${repository}**。`,
  pairsSection: 'この鍵で開く EC2 キーペアとインスタンス',
  noPairs: '検索したリージョンに、この鍵の EC2 キーペアはありません。',
  notLookedUp:
    '照会していません: この実行には AWS ロールまたはリージョンがありません (`role-to-assume` と `aws-regions` を設定してください)。',
  pairLine: (name, region, matchedBy) => `キーペア **${name}** (${region})、照合方法: ${matchedBy}`,
  instance: 'インスタンス',
  outcome: '結果',
  detail: '詳細',
  doneSection: '実施したこと',
  rotationStatus: {
    pending: 'ローテーション実行中です。終わるとこの issue を更新します。',
    'dry-run': 'ドライランです。何も変更していません。計画は上のとおりです。',
    'not-requested':
      'この実行ではローテーションしていません (mode が scan か、aws-regions がありません)。',
    failed:
      'ローテーションは完了していません。すべてのインスタンスで使える鍵は残っています。下のエラーを確認して再実行してください。',
    done: 'キーペアは、到達できるすべてのインスタンスでローテーションされました。',
    partial:
      '可能な範囲でローテーションしました。漏えいした鍵をまだ受け付けるインスタンスがあります (上記参照)。',
    'no-key-pair':
      'ローテーションしていません: 検索したリージョンに、この鍵の EC2 キーペアはありません。それ以外の場所 (他のリージョンやアカウント、EC2 以外のサーバー) では今も使える可能性があります。どこで使われていたか確認してください。',
    'cannot-match':
      'ローテーションしていません: この鍵は EC2 キーペアと照合できません (上記参照)。',
  },
  newKeyLine: (fingerprint, parameter) =>
    `新しい鍵 ${fingerprint}。秘密鍵は Parameter Store の ${parameter} (SecureString) にあります。`,
  publishedLine: (name, retired) =>
    `EC2 キーペア **${name}** は新しい公開鍵になりました${retired ? `。漏えいしたキーペア (${retired}) は削除しました` : ''}。`,
  secretLine: (name) => `Actions シークレット ${name} を新しい秘密鍵に更新しました。`,
  todoSection: '人が行う必要のあること',
  todo: {
    remove: (paths) =>
      `まだ鍵を含むすべてのブランチから削除し (${paths})、シークレットストアから読み込むようにする。`,
    purge:
      '履歴から消去する: 次のコマンドを実行し、すべてのブランチとタグを force-push して、GitHub サポートにキャッシュとプルリクエストの参照の削除を依頼する:',
    forks:
      'すべてのフォークとクローンは漏えいしたものとみなす。ここで履歴を書き換えても届きません。露出を終わらせるのは削除ではなくローテーションです。',
    logs: (grep, since) =>
      `この鍵で開くすべてのインスタンスの sshd ログ (journalctl、/var/log/secure、/var/log/auth.log の ${grep}) と、${since} 以降の CloudTrail を確認する。`,
    theCommit: 'コミットされた時点',
    auditedLogs: (since) =>
      `上の監査 (「鍵は使われたか」) を確認する: 開いたままのセッションを終了し、新しいアドレスをすべて調べ、「判断できない」のインスタンスは手作業でログを確認する。${since} 以降の CloudTrail も確認する。`,
    unreached: (ids) =>
      `ローテーションが届かなかったインスタンス (${ids}) へのアクセスを戻す: \`offline-recovery: user-data\` (または \`reset-access\`) を付けて再実行する。Run Command が届くようになったら \`ec2-key-rotate recover --instance ID --user USER --revoke-old\`。手作業なら、別ユーザーでのログインか、ルートボリュームを救助用インスタンスに付け替える。README の「アクセスを取り戻す」を参照。`,
    images:
      '影響したインスタンスから作った AMI を作り直す (cloud-init が初回起動時に起動時の鍵を書き戻します)。別のキーペアを指定する起動テンプレートも確認する。',
    sessionManager:
      '可能なら、長期間使う鍵の代わりに Session Manager か EC2 Instance Connect に移行する。',
    close: '以上がすべて済んだら、この issue を閉じる。',
  },
  commentHeading: (run) => `実行 ${run}`,
  stillPresent: '鍵はまだ次の場所にあります:',
  summaryTitle: 'ec2-key-rotate',
  summaryNoFindings: '秘密鍵は見つかりませんでした。',
  summaryFindings: (count) => `秘密鍵が ${count} 個見つかりました。`,
  summaryHosts: 'インスタンス',
  summaryScanned: (what, objects) => `スキャン対象: ${what} (${objects} オブジェクト)`,
  summaryColumns: ['鍵', 'フィンガープリント', '場所', 'issue'],
  outcomes: {
    rotated: 'ローテーション済み',
    'no-old-key': '旧鍵なし',
    incomplete: '未完了',
    failed: '失敗',
    skipped: 'スキップ',
    planned: '予定',
  },
  prComment: (count) =>
    `このプルリクエストは秘密鍵を ${count} 個追加しています。マージしないでください。最後のコミットだけでなく、ブランチのすべてのコミットから鍵を取り除いてください。`,
  prAdvice:
    'その鍵を使ったことがあるなら漏えいしたものとして扱ってください。このプルリクエストを見られる人は誰でもブランチを読めます。メンテナーは `rotate` モードでローテーションできます。',
  footer: (run) => `ec2-key-rotate による報告 (${run})。鍵の中身はここに一切書きません。`,
};

export const MESSAGES: Record<Language, Messages> = { en, ja };
