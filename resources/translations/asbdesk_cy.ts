<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="cy">
<context>
    <name>AssessmentView</name>
    <message>
        <location filename="../../asbdesk/gui/desk.py" line="+527" />
        <source>Live assessment (PgUp/PgDn, or Alt+PgUp/Alt+PgDn from anywhere)</source>
        <translation>Asesiad byw (PgUp/PgDn, neu Alt+PgUp/Alt+PgDn o unrhyw le)</translation>
    </message>
</context>
<context>
    <name>CallerSaysPane</name>
    <message>
        <location filename="../../asbdesk/gui/training.py" line="+314" />
        <source>Caller says: what the caller has said so far</source>
        <translation>Mae'r galwr yn dweud: yr hyn y mae'r galwr wedi'i ddweud hyd yma</translation>
    </message>
    <message>
        <location line="+78" />
        <source>Caller says, to this question</source>
        <translation>Mae'r galwr yn dweud, mewn ateb i'r cwestiwn hwn</translation>
    </message>
    <message>
        <location line="-19" />
        <source>The call is over: the caller thanks you.</source>
        <translation>Mae'r alwad ar ben: mae'r galwr yn diolch i chi.</translation>
    </message>
    <message>
        <location line="-294" />
        <source>“I don't know, sorry.”</source>
        <translation>“Dwi ddim yn gwybod, mae'n ddrwg gen i.”</translation>
    </message>
    <message>
        <location line="+233" />
        <source>&lt;b&gt;Caller says&lt;/b&gt; (training script)</source>
        <translation>&lt;b&gt;Mae'r galwr yn dweud&lt;/b&gt; (sgript hyfforddiant)</translation>
    </message>
    <message>
        <location line="+24" />
        <source>“I'm {0}, calling from {1}.”</source>
        <translation>“{0} ydw i, yn ffonio o {1}.”</translation>
    </message>
    <message>
        <location line="+2" />
        <source>“My name's {0}.”</source>
        <translation>“{0} yw fy enw i.”</translation>
    </message>
    <message>
        <location line="+2" />
        <source> (lives at {0}, {1})</source>
        <translation> (yn byw yn {0}, {1})</translation>
    </message>
    <message>
        <location line="+5" />
        <source>At the counter</source>
        <translation>Wrth y cownter</translation>
    </message>
    <message>
        <location line="+0" />
        <source>On the phone</source>
        <translation>Ar y ffôn</translation>
    </message>
    <message>
        <location line="+4" />
        <source>&lt;p&gt;&lt;i&gt;Unasked:&lt;/i&gt; “{0}”&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;i&gt;Heb i chi ofyn:&lt;/i&gt; “{0}”&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+29" />
        <source> &lt;small&gt;(no scripted reply: record what fits, or move on)&lt;/small&gt;</source>
        <translation> &lt;small&gt;(dim ateb yn y sgript: cofnodwch beth sy'n addas, neu symudwch ymlaen)&lt;/small&gt;</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Every question asked. Write THRIVE (Ctrl+T), then Ctrl+Enter to finish.</source>
        <translation>Pob cwestiwn wedi'i ofyn. Ysgrifennwch THRIVE (Ctrl+T), yna Ctrl+Enter i orffen.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>At the front counter: Ctrl+Shift+N for a walk-in, find them by name, then pick the incident code.</source>
        <translation>Wrth y cownter blaen: Ctrl+Shift+N ar gyfer rhywun wrth y cownter, chwiliwch amdanynt yn ôl enw, yna dewiswch y cod digwyddiad.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Find the caller (Ctrl+N: their number or name), then pick the incident code (Ctrl+I).</source>
        <translation>Chwiliwch am y galwr (Ctrl+N: rhif neu enw'r galwr), yna dewiswch y cod digwyddiad (Ctrl+I).</translation>
    </message>
</context>
<context>
    <name>CheckRow</name>
    <message>
        <location filename="../../asbdesk/gui/sampling.py" line="+271" />
        <source>Not marked</source>
        <translation>Heb ei farcio</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Check {0} of {1}: {2}</source>
        <translation>Gwiriad {0} o {1}: {2}</translation>
    </message>
</context>
<context>
    <name>Compliance</name>
    <message>
        <location filename="../../asbdesk/gui/documents.py" line="+71" />
        <source>no data</source>
        <translation>dim data</translation>
    </message>
    <message>
        <location line="+319" />
        <source>none applied</source>
        <translation>dim un yn berthnasol</translation>
    </message>
    <message>
        <location line="+1" />
        <source>{0} of {1}</source>
        <translation>{0} o {1}</translation>
    </message>
    <message>
        <location line="+4" />
        <location line="+246" />
        <source>By checklist item</source>
        <translation>Fesul eitem ar y rhestr wirio</translation>
    </message>
    <message>
        <location line="-244" />
        <location line="+246" />
        <source>By operator</source>
        <translation>Fesul gweithredwr</translation>
    </message>
    <message>
        <location line="-242" />
        <location line="+196" />
        <source>No logs were sampled in this period.</source>
        <translation>Ni samplwyd unrhyw gofnodion yn y cyfnod hwn.</translation>
    </message>
    <message>
        <location line="-189" />
        <source>{0} ({1} log sampled)</source>
        <translation>{0} ({1} cofnod wedi'i samplu)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>{0} ({1} logs sampled)</source>
        <translation>{0} ({1} cofnod wedi'u samplu)</translation>
    </message>
    <message>
        <location line="+82" />
        <location line="+10" />
        <source>No report yet.</source>
        <translation>Dim adroddiad eto.</translation>
    </message>
    <message>
        <location line="+49" />
        <source>{0} to {1}</source>
        <translation>{0} i {1}</translation>
    </message>
    <message>
        <location line="+28" />
        <source>Yes</source>
        <translation>Ie</translation>
    </message>
    <message>
        <location line="+0" />
        <source>No</source>
        <translation>Na</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Rate</source>
        <translation>Cyfradd</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Logs sampled</source>
        <translation>Cofnodion a samplwyd</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Checklist item</source>
        <translation>Eitem ar y rhestr wirio</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Not applicable</source>
        <translation>Amherthnasol</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Operator</source>
        <translation>Gweithredwr</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Month</source>
        <translation>Mis</translation>
    </message>
    <message>
        <location line="+4" />
        <source>No marks in this period.</source>
        <translation>Dim marciau yn y cyfnod hwn.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Log</source>
        <translation>Cofnod</translation>
    </message>
    <message>
        <location line="+2" />
        <source>What was missing</source>
        <translation>Beth oedd ar goll</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Marked by</source>
        <translation>Marciwyd gan</translation>
    </message>
    <message>
        <location line="+15" />
        <source>Logs started from {0}. The rate is yes out of the logs each check applied to (yes + no); not applicable is left out. Each log counts once per checklist item, by its latest mark. Read: {1}.</source>
        <translation>Cofnodion a ddechreuwyd o {0}. Y gyfradd yw nifer yr atebion ie allan o'r cofnodion yr oedd pob gwiriad yn berthnasol iddynt (ie + na); caiff amherthnasol ei adael allan. Mae pob cofnod yn cyfrif unwaith ar gyfer pob eitem ar y rhestr wirio, yn ôl ei farc diweddaraf. Darllenwyd: {1}.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>No check was marked no in this period.</source>
        <translation>Ni chafodd unrhyw wiriad ei farcio'n 'na' yn y cyfnod hwn.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Compliance with the dip-sample checklist</source>
        <translation>Cydymffurfiaeth â rhestr wirio'r sampl hap</translation>
    </message>
    <message>
        <location line="+7" />
        <source>By month</source>
        <translation>Fesul mis</translation>
    </message>
    <message>
        <location line="+2" />
        <source>‘No’ notes by operator, for feedback</source>
        <translation>Nodiadau ‘Na’ fesul gweithredwr, ar gyfer adborth</translation>
    </message>
    <message>
        <location line="+47" />
        <source>Compliance {0}</source>
        <translation>Cydymffurfiaeth {0}</translation>
    </message>
    <message>
        <location line="+5" />
        <source>{0} · page {1} of {2}</source>
        <translation>{0} · tudalen {1} o {2}</translation>
    </message>
</context>
<context>
    <name>ComplianceChart</name>
    <message>
        <location line="-184" />
        <location line="+161" />
        <source>Compliance chart</source>
        <translation>Siart cydymffurfiaeth</translation>
    </message>
</context>
<context>
    <name>ConsentDialog</name>
    <message>
        <location filename="../../asbdesk/gui/dialogs.py" line="+506" />
        <source>Not made, or shared on a lawful basis</source>
        <translation>Heb ei wneud, neu wedi'i rannu ar sail gyfreithlon</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Not made – write why</source>
        <translation>Heb ei wneud – ysgrifennwch pam</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Share without consent – write the lawful basis (e.g. safeguarding)</source>
        <translation>Rhannu heb ganiatâd – ysgrifennwch y sail gyfreithlon (e.e. diogelu)</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Why it was not made, or the lawful basis for sharing (required)</source>
        <translation>Pam na chafodd ei wneud, neu'r sail gyfreithlon dros rannu (gofynnol)</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Required, in words (at least 10 characters)</source>
        <translation>Gofynnol, mewn geiriau (o leiaf 10 nod)</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Referral not made: no consent</source>
        <translation>Atgyfeiriad heb ei wneud: dim caniatâd</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Record</source>
        <translation>Cofnodi'&amp;r penderfyniad</translation>
    </message>
    <message>
        <location line="+2" />
        <source>&amp;Decision</source>
        <translation>Pen&amp;derfyniad</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Why</source>
        <translation>Rhes&amp;wm</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Type why · Alt+D to share instead · Ctrl+Enter or Alt+R records · Esc cancels</source>
        <translation>Teipiwch pam · Alt+D i rannu yn lle hynny · Ctrl+Enter neu Alt+R i gofnodi · Esc i ganslo</translation>
    </message>
</context>
<context>
    <name>Dates</name>
    <message>
        <location filename="../../asbdesk/gui/words.py" line="+24" />
        <source>Jan</source>
        <translation>Ion</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Feb</source>
        <translation>Chwef</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Mar</source>
        <translation>Maw</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Apr</source>
        <translation>Ebr</translation>
    </message>
    <message>
        <location line="+1" />
        <source>May</source>
        <translation>Mai</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Jun</source>
        <translation>Meh</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Jul</source>
        <translation>Gorff</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Aug</source>
        <translation>Awst</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Sep</source>
        <translation>Medi</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Oct</source>
        <translation>Hyd</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Nov</source>
        <translation>Tach</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Dec</source>
        <translation>Rhag</translation>
    </message>
</context>
<context>
    <name>DecisionDialog</name>
    <message>
        <location filename="../../asbdesk/gui/supervisor.py" line="+626" />
        <location line="+25" />
        <location line="+6" />
        <source>Problem</source>
        <translation>Mae problem</translation>
    </message>
    <message>
        <location line="-21" />
        <source>Record (Ctrl+Enter)</source>
        <translation>Cofnodi (Ctrl+Enter)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Cancel (Esc)</source>
        <translation>Canslo (Esc)</translation>
    </message>
</context>
<context>
    <name>DeskWindow</name>
    <message>
        <location filename="../../asbdesk/gui/desk.py" line="+130" />
        <source>Opening the database and the policy pack…</source>
        <translation>Wrthi'n agor y gronfa ddata a'r pecyn polisi…</translation>
    </message>
    <message>
        <location line="+15" />
        <location line="+213" />
        <source>Carry on with the unfinished contact</source>
        <translation>Parhau â'r cyswllt heb ei orffen</translation>
    </message>
    <message>
        <location line="-209" />
        <source>Caller: phone number, name or postcode</source>
        <translation>Galwr: rhif ffôn, enw neu god post</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Find caller by phone, name or postcode</source>
        <translation>Chwilio am alwr yn ôl rhif ffôn, enw neu god post</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Matching callers</source>
        <translation>Galwyr sy'n cyfateb</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Active flags</source>
        <translation>Baneri gweithredol</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Caller's and address history</source>
        <translation>Hanes y galwr a'r cyfeiriad</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Caller's history</source>
        <translation>Hanes y galwr</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Address history</source>
        <translation>Hanes y cyfeiriad</translation>
    </message>
    <message>
        <location line="+22" />
        <location line="+166" />
        <source>Incident code</source>
        <translation>Cod digwyddiad</translation>
    </message>
    <message>
        <location line="-165" />
        <source>Incident code: type to filter</source>
        <translation>Cod digwyddiad: teipiwch i hidlo</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Incident code: type to filter, Enter to pick</source>
        <translation>Cod digwyddiad: teipiwch i hidlo, Enter i ddewis</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Incident codes</source>
        <translation>Codau digwyddiad</translation>
    </message>
    <message>
        <location line="+4" />
        <location line="+556" />
        <source>Refused</source>
        <translation>Gwrthodwyd</translation>
    </message>
    <message>
        <location line="-543" />
        <source>Finish and save (Ctrl+Enter)</source>
        <translation>Gorffen a chadw (Ctrl+Enter)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Finish and save the graded log</source>
        <translation>Gorffen a chadw'r cofnod graddedig</translation>
    </message>
    <message>
        <location line="+36" />
        <source>THRIVE {0}</source>
        <translation>THRIVE {0}</translation>
    </message>
    <message>
        <location line="+6" />
        <source>THRIVE rationale: Ctrl+T · Esc back to the question</source>
        <translation>Rhesymeg THRIVE: Ctrl+T · Esc yn ôl i'r cwestiwn</translation>
    </message>
    <message>
        <location line="+73" />
        <source>Call</source>
        <translation>Galwad</translation>
    </message>
    <message>
        <location line="+1" />
        <source>View</source>
        <translation>Golwg</translation>
    </message>
    <message>
        <location line="+14" />
        <source>New contact (phone)</source>
        <translation>Cyswllt newydd (ffôn)</translation>
    </message>
    <message>
        <location line="+4" />
        <source>New walk-in (front counter)</source>
        <translation>Cyswllt newydd wrth y cownter (wyneb yn wyneb)</translation>
    </message>
    <message>
        <location line="+4" />
        <source>New caller…</source>
        <translation>Galwr newydd…</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Not answered: record why…</source>
        <translation>Heb ei ateb: cofnodwch pam…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Acknowledge the pinned prompt</source>
        <translation>Cydnabod yr anogwr sydd wedi'i binio</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Override risk level or grade…</source>
        <translation>Diystyru'r lefel risg neu'r radd…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Request a flag…</source>
        <translation>Gwneud cais am faner…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>THRIVE rationale</source>
        <translation>Rhesymeg THRIVE</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Finish and save</source>
        <translation>Gorffen a chadw</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Back to the question</source>
        <translation>Yn ôl i'r cwestiwn</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Scroll the assessment down</source>
        <translation>Sgrolio'r asesiad i lawr</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Scroll the assessment up</source>
        <translation>Sgrolio'r asesiad i fyny</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Notices from your supervisor…</source>
        <translation>Hysbysiadau gan eich goruchwyliwr…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Supervisor's queues…</source>
        <translation>Ciwiau'r goruchwyliwr…</translation>
    </message>
    <message>
        <location line="+94" />
        <source>  (same label as {0}: pick by your force's code)</source>
        <translation>  (yr un label â {0}: dewiswch yn ôl cod eich heddlu)</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Incident codes matching what is typed</source>
        <translation>Codau digwyddiad sy'n cyfateb i'r hyn a deipiwyd</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Pack {pack} {version} in force from this call (published by {who} at {when})</source>
        <translation>Pecyn {pack} {version} mewn grym o'r alwad hon (cyhoeddwyd gan {who} am {when})</translation>
    </message>
    <message>
        <location line="+216" />
        <source>Caller: {0}</source>
        <translation>Galwr: {0}</translation>
    </message>
    <message>
        <location line="+27" />
        <source>Flag {kind} on the {subject}</source>
        <translation>Baner {kind} ar y {subject}</translation>
    </message>
    <message>
        <location line="+510" />
        <source>Pack {0} {1} published: in force from your next call</source>
        <translation>Pecyn {0} {1} wedi'i gyhoeddi: mewn grym o'ch galwad nesaf</translation>
    </message>
    <message>
        <location line="-807" />
        <source>Ready: Ctrl+N for a new contact, Ctrl+Shift+N for a walk-in</source>
        <translation>Yn barod: Ctrl+N ar gyfer cyswllt newydd, Ctrl+Shift+N ar gyfer cyswllt wrth y cownter</translation>
    </message>
    <message>
        <location line="-882" />
        <source>&amp;Threat</source>
        <translation>Bygy&amp;thiad</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Harm</source>
        <translation>Niwed (&amp;H)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Ris&amp;k</source>
        <translation>Risg (&amp;K)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Investigation</source>
        <translation>Ymchw&amp;iliad</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Vulnerability</source>
        <translation>Bod yn agored i niwed (&amp;V)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Engagement</source>
        <translation>Ymgysylltu (&amp;E)</translation>
    </message>
    <message>
        <location line="+538" />
        <source>asbdesk — {0}</source>
        <translation>asbdesk — {0}</translation>
    </message>
    <message>
        <location line="+121" />
        <location line="+348" />
        <source>Message</source>
        <translation>Neges</translation>
    </message>
    <message>
        <location line="-327" />
        <location line="+3" />
        <location line="+776" />
        <location line="+1" />
        <source>Prompts to acknowledge: none</source>
        <translation>Anogwyr i'w cydnabod: dim</translation>
    </message>
    <message>
        <location line="-562" />
        <source>TRIAL PACK: {0} {1}</source>
        <translation>PECYN PRAWF: {0} {1}</translation>
    </message>
    <message>
        <location line="+49" />
        <source>Pack '{0}' has no wording for the public, so it cannot print a walk-in slip: use a pack with a 'public' block for the front counter.</source>
        <translation>Nid oes gan y pecyn '{0}' eiriad ar gyfer y cyhoedd, felly ni all argraffu slip wrth y cownter: defnyddiwch becyn sydd â bloc 'public' ar gyfer y cownter blaen.</translation>
    </message>
    <message>
        <location line="+60" />
        <source>Message: {0}</source>
        <translation>Neges: {0}</translation>
    </message>
    <message>
        <location line="+20" />
        <source>WALK-IN (front counter)</source>
        <translation>WRTH Y COWNTER (wyneb yn wyneb)</translation>
    </message>
    <message>
        <location line="+0" />
        <source>PHONE</source>
        <translation>FFÔN</translation>
    </message>
    <message>
        <location line="+91" />
        <source>No caller picked yet.</source>
        <translation>Dim galwr wedi'i ddewis eto.</translation>
    </message>
    <message>
        <location line="+11" />
        <source>&lt;b&gt;FLAG — {kind}&lt;/b&gt; (on the {subject})</source>
        <translation>&lt;b&gt;BANER — {kind}&lt;/b&gt; (ar y {subject})</translation>
    </message>
    <message>
        <location line="+32" />
        <source>Negate risk</source>
        <translation>Negyddu risg</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Attending officer</source>
        <translation>Swyddog sy'n mynychu</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Inform</source>
        <translation>Hysbysu</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Linked</source>
        <translation>Cysylltiedig</translation>
    </message>
    <message>
        <location line="+22" />
        <source> — OFFLINE: history may be incomplete</source>
        <translation> — ALL-LEIN: gall yr hanes fod yn anghyflawn</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Flag requested: {0}</source>
        <translation>Cais am faner: {0}</translation>
    </message>
    <message>
        <location line="+13" />
        <location line="+5" />
        <location line="+6" />
        <location line="+3" />
        <source>Refused: {0}</source>
        <translation>Gwrthodwyd: {0}</translation>
    </message>
    <message>
        <location line="+26" />
        <source>No incident code matches '{0}': type part of a code or its name</source>
        <translation>Nid oes cod digwyddiad yn cyfateb i '{0}': teipiwch ran o god neu ran o'i enw</translation>
    </message>
    <message>
        <location line="+36" />
        <source>Not answered</source>
        <translation>Heb ei ateb</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Why is there no answer to '{0}'?</source>
        <translation>Pam nad oes ateb i '{0}'?</translation>
    </message>
    <message>
        <location line="+23" />
        <source>Recorded in the log: the referral's consent decision.</source>
        <translation>Wedi'i nodi yn y cofnod: penderfyniad caniatâd yr atgyfeiriad.</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Acknowledged: {0}</source>
        <translation>Cydnabuwyd: {0}</translation>
    </message>
    <message>
        <location line="+14" />
        <source>The assessment appears here as answers come in.</source>
        <translation>Mae'r asesiad yn ymddangos yma wrth i'r atebion ddod i mewn.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Risk now {0}</source>
        <translation>Y risg bellach yw {0}</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Risk: {0}</source>
        <translation>Risg: {0}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>the operator</source>
        <translation>y gweithredwr</translation>
    </message>
    <message>
        <location line="+7" />
        <source>&lt;p class='override'&gt;&lt;b&gt;OVERRIDDEN&lt;/b&gt; by {operator}: computed {computed}, chosen {chosen}. Reason: {reason} (for supervisor review)&lt;/p&gt;</source>
        <translation>&lt;p class='override'&gt;&lt;b&gt;DIYSTYRWYD&lt;/b&gt; gan {operator}: cyfrifwyd {computed}, dewiswyd {chosen}. Rheswm: {reason} (i'w adolygu gan oruchwyliwr)&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+12" />
        <source>&lt;p class='override'&gt;&lt;b&gt;GRADE OVERRIDDEN&lt;/b&gt; by {operator}: computed {computed}, chosen {chosen}. Reason: {reason} (for supervisor review)&lt;/p&gt;</source>
        <translation>&lt;p class='override'&gt;&lt;b&gt;DIYSTYRWYD Y RADD&lt;/b&gt; gan {operator}: cyfrifwyd {computed}, dewiswyd {chosen}. Rheswm: {reason} (i'w adolygu gan oruchwyliwr)&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+12" />
        <source>&lt;p&gt;Matrix score &lt;b&gt;{score}&lt;/b&gt; of {top} ({sections})&lt;/p&gt;</source>
        <translation>&lt;p&gt;Sgôr y matrics &lt;b&gt;{score}&lt;/b&gt; o {top} ({sections})&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Decision table: {0}</source>
        <translation>Tabl penderfynu: {0}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>not completed</source>
        <translation>heb ei gwblhau</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Computed level: {0}</source>
        <translation>Lefel a gyfrifwyd: {0}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Repeat: {0}</source>
        <translation>Digwyddiadau mynych: {0}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>YES</source>
        <translation>IE</translation>
    </message>
    <message>
        <location line="+0" />
        <source>no indicator recorded</source>
        <translation>dim dangosydd wedi'i gofnodi</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&lt;p&gt;Vulnerable: &lt;b&gt;{0}&lt;/b&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;Agored i niwed: &lt;b&gt;{0}&lt;/b&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+8" />
        <source> (overridden)</source>
        <translation> (wedi'i ddiystyru)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>&lt;p&gt;Grade: &lt;b&gt;{grade}&lt;/b&gt; · RAG: &lt;b&gt;{rag}&lt;/b&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;Gradd: &lt;b&gt;{grade}&lt;/b&gt; · RAG: &lt;b&gt;{rag}&lt;/b&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Response</source>
        <translation>Ymateb</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Referrals</source>
        <translation>Atgyfeiriadau</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Referrals that need the caller’s consent (asked at the close)</source>
        <translation>Atgyfeiriadau sydd angen caniatâd y galwr (gofynnir ar y diwedd)</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Referrals not made (no consent)</source>
        <translation>Atgyfeiriadau heb eu gwneud (dim caniatâd)</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Still needed: {0} mandatory question(s)</source>
        <translation>Angen o hyd: {0} cwestiwn gorfodol</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Raised by: {0}</source>
        <translation>Codwyd gan: {0}</translation>
    </message>
    <message>
        <location line="+26" />
        <source>Ctrl+K to write why (or the lawful basis for sharing)</source>
        <translation>Ctrl+K i ysgrifennu pam (neu'r sail gyfreithlon dros rannu)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>✔ acknowledged {0}</source>
        <translation>✔ cydnabuwyd {0}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Ctrl+K to acknowledge</source>
        <translation>Ctrl+K i gydnabod</translation>
    </message>
    <message>
        <location line="+12" />
        <source>New prompt. {kind}: {text} {state}</source>
        <translation>Anogwr newydd. {kind}: {text} {state}</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Prompts to acknowledge: {0}</source>
        <translation>Anogwyr i'w cydnabod: {0}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>PgUp/PgDn scroll the prompts; Ctrl+K acknowledges the top one</source>
        <translation>PgUp/PgDn i sgrolio'r anogwyr; Ctrl+K i gydnabod yr un uchaf</translation>
    </message>
    <message>
        <location line="+22" />
        <source>The unfinished contact could not be kept on this workstation: {0}</source>
        <translation>Nid oedd modd cadw'r cyswllt heb ei orffen ar y weithfan hon: {0}</translation>
    </message>
    <message>
        <location line="+52" />
        <source>Saving…</source>
        <translation>Wrthi'n cadw…</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Not saved: {0}</source>
        <translation>Heb ei gadw: {0}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>An earlier contact was NOT saved: {0}</source>
        <translation>NI chafodd cyswllt cynharach ei gadw: {0}</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Shared database unreachable: the log is kept in the outbox and will be sent.</source>
        <translation>Dim modd cyrraedd y gronfa ddata a rennir: mae'r cofnod yn cael ei gadw yn y blwch allan a bydd yn cael ei anfon.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Saved {0}</source>
        <translation>Wedi cadw {0}</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Saved, but no slip can be printed: {0}</source>
        <translation>Wedi cadw, ond nid oes modd argraffu slip: {0}</translation>
    </message>
    <message>
        <location line="+23" />
        <source>caller not identified</source>
        <translation>galwr heb ei adnabod</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Graded log, queued to send: {caller}, {when}</source>
        <translation>Cofnod graddedig, mewn ciw i'w anfon: {caller}, {when}</translation>
    </message>
    <message>
        <location line="+5" />
        <source>{0}: graded log {1}</source>
        <translation>{0}: cofnod graddedig {1}</translation>
    </message>
    <message>
        <location line="+52" />
        <source>OFFLINE — the shared database cannot be reached, and no one has signed in to it on this workstation: calls cannot be sent and are kept here as unfinished contacts until it is back (Ctrl+R carries on with one). History and flags shown may be out of date.</source>
        <translation>ALL-LEIN — nid oes modd cyrraedd y gronfa ddata a rennir, ac nid oes neb wedi mewngofnodi iddi ar y weithfan hon: nid oes modd anfon galwadau, felly maen nhw'n cael eu cadw yma fel cysylltiadau heb eu gorffen nes bydd y gronfa ddata yn ôl (Ctrl+R i barhau ag un). Gall yr hanes a'r baneri a ddangosir fod wedi dyddio.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>OFFLINE — the shared database cannot be reached. Calls are kept on this workstation and sent when it is back; history and flags shown may be out of date.</source>
        <translation>ALL-LEIN — nid oes modd cyrraedd y gronfa ddata a rennir. Mae galwadau'n cael eu cadw ar y weithfan hon a'u hanfon pan fydd y gronfa ddata yn ôl; gall yr hanes a'r baneri a ddangosir fod wedi dyddio.</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Back online: the shared database can be reached again.</source>
        <translation>Ar-lein eto: mae modd cyrraedd y gronfa ddata a rennir unwaith eto.</translation>
    </message>
    <message>
        <location line="+29" />
        <source>The shared database is back: signed in as {0}</source>
        <translation>Mae'r gronfa ddata a rennir yn ôl: wedi mewngofnodi fel {0}</translation>
    </message>
    <message>
        <location line="+6" />
        <source>connected</source>
        <translation>wedi cysylltu</translation>
    </message>
    <message>
        <location line="+3" />
        <source>OFFLINE: callers from the last copy; no one has signed in to this database on this workstation, so saves cannot be queued: calls are kept here as drafts until it is back</source>
        <translation>ALL-LEIN: galwyr o'r copi diwethaf; nid oes neb wedi mewngofnodi i'r gronfa ddata hon ar y weithfan hon, felly nid oes modd rhoi'r hyn a gedwir mewn ciw: mae galwadau'n cael eu cadw yma fel drafftiau nes bydd y gronfa ddata yn ôl</translation>
    </message>
    <message>
        <location line="+6" />
        <source>OFFLINE: callers from the last copy; saves queue here as {0} (the login last signed in on this workstation{1})</source>
        <translation>ALL-LEIN: galwyr o'r copi diwethaf; mae'r hyn a gedwir yn aros mewn ciw yma fel {0} (y defnyddiwr a fewngofnododd ddiwethaf ar y weithfan hon{1})</translation>
    </message>
    <message>
        <location line="+4" />
        <source>OFFLINE: callers from the last copy; saves queue here as {0}</source>
        <translation>ALL-LEIN: galwyr o'r copi diwethaf; mae'r hyn a gedwir yn aros mewn ciw yma fel {0}</translation>
    </message>
    <message>
        <location line="+3" />
        <source> · {0} log(s) waiting to send</source>
        <translation> · {0} cofnod(ion) yn aros i'w hanfon</translation>
    </message>
    <message>
        <location line="+3" />
        <source> · {0} need attention ({1}; set aside for a supervisor)</source>
        <translation> · {0} angen sylw ({1}; wedi'u rhoi o'r neilltu i oruchwyliwr)</translation>
    </message>
    <message>
        <location line="+4" />
        <source> · last sent {0}</source>
        <translation> · anfonwyd ddiwethaf {0}</translation>
    </message>
    <message>
        <location line="+4" />
        <source>pack {0} {1}</source>
        <translation>pecyn {0} {1}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>not known until the database answers</source>
        <translation>anhysbys nes i'r gronfa ddata ateb</translation>
    </message>
    <message>
        <location line="+2" />
        <source>{where} ({state}) · operator {operator} · {pack}</source>
        <translation>{where} ({state}) · gweithredwr {operator} · {pack}</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Pick the incident code first: there is nothing to override yet.</source>
        <translation>Dewiswch y cod digwyddiad yn gyntaf: nid oes dim i'w ddiystyru eto.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Override recorded: it goes to a supervisor for review.</source>
        <translation>Diystyru wedi'i gofnodi: bydd yn mynd at oruchwyliwr i'w adolygu.</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Flag requested: a supervisor authorises it once the log is saved.</source>
        <translation>Cais am faner wedi'i wneud: bydd goruchwyliwr yn ei hawdurdodi unwaith y bydd y cofnod wedi'i gadw.</translation>
    </message>
    <message>
        <location line="+66" />
        <source>{0} unfinished contact(s) kept here cannot be carried on with: {1}</source>
        <translation>Nid oes modd parhau â {0} cyswllt heb eu gorffen sydd wedi'u cadw yma: {1}</translation>
    </message>
    <message>
        <location line="+10" />
        <source>An unfinished contact from {0} was kept: Ctrl+R to carry on with it</source>
        <translation>Cafodd cyswllt heb ei orffen o {0} ei gadw: Ctrl+R i barhau ag ef</translation>
    </message>
    <message>
        <location line="+19" />
        <source>Unfinished contact restored: the caller, every answer and note are back.</source>
        <translation>Cyswllt heb ei orffen wedi'i adfer: mae'r galwr, pob ateb a phob nodyn yn ôl.</translation>
    </message>
    <message>
        <location line="+14" />
        <source>{0} notice(s) from your supervisor: Ctrl+Shift+M to read</source>
        <translation>{0} hysbysiad gan eich goruchwyliwr: Ctrl+Shift+M i'w darllen</translation>
    </message>
    <message>
        <location line="+8" />
        <source>{0} NOTICE(S): Ctrl+Shift+M</source>
        <translation>{0} HYSBYSIAD: Ctrl+Shift+M</translation>
    </message>
    <message>
        <location line="+8" />
        <source>No new notices from your supervisor.</source>
        <translation>Dim hysbysiadau newydd gan eich goruchwyliwr.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Notices from your supervisor</source>
        <translation>Hysbysiadau gan eich goruchwyliwr</translation>
    </message>
    <message>
        <location filename="../../asbdesk/gui/app.py" line="+112" />
        <source>Cannot start: {0}</source>
        <translation>Methu dechrau: {0}</translation>
    </message>
</context>
<context>
    <name>FlagDialog</name>
    <message>
        <location filename="../../asbdesk/gui/dialogs.py" line="+20" />
        <source>Request a flag</source>
        <translation>Gwneud cais am faner</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Flag type</source>
        <translation>Math o faner</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Flag on</source>
        <translation>Baner ar</translation>
    </message>
    <message>
        <location line="+2" />
        <source>the caller</source>
        <translation>y galwr</translation>
    </message>
    <message>
        <location line="+2" />
        <source>the address {0}</source>
        <translation>y cyfeiriad {0}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>the phone number {0}</source>
        <translation>y rhif ffôn {0}</translation>
    </message>
    <message>
        <location line="+3" />
        <source>T&amp;ype</source>
        <translation>Math (&amp;Y)</translation>
    </message>
    <message>
        <location line="+0" />
        <source>&amp;On</source>
        <translation>G&amp;osod ar</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Information to &amp;negate risk</source>
        <translation>Gwybodaeth i &amp;negyddu risg</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Action for the attending officer</source>
        <translation>C&amp;amau i'r swyddog sy'n mynychu</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Who must be informed</source>
        <translation>P&amp;wy sydd i'w hysbysu</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Linked references</source>
        <translation>Cyfeirnodau cysyl&amp;ltiedig</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Tab moves on · Ctrl+Enter or Alt+R requests the flag · Esc cancels</source>
        <translation>Tab i symud ymlaen · Ctrl+Enter neu Alt+R i wneud cais am y faner · Esc i ganslo</translation>
    </message>
    <message>
        <location line="+11" />
        <source>&amp;Request flag</source>
        <translation>Gwneud cais am fane&amp;r</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Find the caller first: a flag needs a person, an address or a phone number.</source>
        <translation>Chwiliwch am y galwr yn gyntaf: mae angen person, cyfeiriad neu rif ffôn ar faner.</translation>
    </message>
</context>
<context>
    <name>FlagsModel</name>
    <message>
        <location filename="../../asbdesk/gui/supervisor_flags.py" line="+62" />
        <source>Review due</source>
        <translation>Adolygiad yn ddyledus</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Flag</source>
        <translation>Baner</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Kind</source>
        <translation>Math</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Subject</source>
        <translation>Gwrthrych</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Area</source>
        <translation>Ardal</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Authorised by</source>
        <translation>Awdurdodwyd gan</translation>
    </message>
    <message>
        <location line="+40" />
        <source>no review date</source>
        <translation>dim dyddiad adolygu</translation>
    </message>
    <message>
        <location line="+2" />
        <source>OVERDUE {0}</source>
        <translation>HWYR {0}</translation>
    </message>
    <message>
        <location line="+16" />
        <source>no address</source>
        <translation>dim cyfeiriad</translation>
    </message>
</context>
<context>
    <name>FlagsPage</name>
    <message>
        <location line="+53" />
        <source>Active flags</source>
        <translation>Baneri gweithredol</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Kind of flag</source>
        <translation>Math o faner</translation>
    </message>
    <message>
        <location line="+1" />
        <source>All kinds</source>
        <translation>Pob math</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Monthly review due</source>
        <translation>Adolygiad misol yn ddyledus</translation>
    </message>
    <message>
        <location line="+1" />
        <source>All</source>
        <translation>Pob un</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Postcode area</source>
        <translation>Ardal cod post</translation>
    </message>
    <message>
        <location line="+1" />
        <source>district, e.g. LS6 (or LS, LS6 2, LS6 2QT)</source>
        <translation>dosbarth, e.e. LS6 (neu LS, LS6 2, LS6 2QT)</translation>
    </message>
    <message>
        <location line="+7" />
        <source>&amp;Kind</source>
        <translation>Math (&amp;K)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>D&amp;ue</source>
        <translation>Dyled&amp;us</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Area</source>
        <translation>&amp;Ardal</translation>
    </message>
    <message>
        <location line="+95" />
        <source>kind: {0}</source>
        <translation>math: {0}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>review {0}</source>
        <translation>adolygiad {0}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>area {0}</source>
        <translation>ardal {0}</translation>
    </message>
    <message>
        <location line="+13" />
        <source>{0} active flag</source>
        <translation>{0} faner weithredol</translation>
    </message>
    <message>
        <location line="+0" />
        <source>{0} active flags</source>
        <translation>{0} baner weithredol</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Active flags shown</source>
        <translation>Baneri gweithredol a ddangosir</translation>
    </message>
    <message>
        <location line="-104" />
        <source>Active flags, the soonest review first</source>
        <translation>Baneri gweithredol, yr adolygiad cynharaf yn gyntaf</translation>
    </message>
    <message>
        <location line="+24" />
        <source>Details of the flag</source>
        <translation>Manylion y faner</translation>
    </message>
    <message>
        <location line="+67" />
        <source>The first {0} active flags, the soonest review first: narrow them with Alt+K, Alt+U or Alt+A</source>
        <translation>Y {0} cyntaf o'r baneri gweithredol, yr adolygiad cynharaf yn gyntaf: cyfyngwch nhw gydag Alt+K, Alt+U neu Alt+A</translation>
    </message>
    <message>
        <location line="+3" />
        <source>No active flags</source>
        <translation>Dim baneri gweithredol</translation>
    </message>
    <message>
        <location line="+0" />
        <source> like that</source>
        <translation> fel hynny</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <location filename="../../asbdesk/gui/history_model.py" line="+21" />
        <source>Date</source>
        <translation>Dyddiad</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Risk</source>
        <translation>Risg</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Grade</source>
        <translation>Gradd</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Reference</source>
        <translation>Cyfeirnod</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Code</source>
        <translation>Cod</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Category</source>
        <translation>Categori</translation>
    </message>
</context>
<context>
    <name>LogDialog</name>
    <message>
        <location filename="../../asbdesk/gui/dialogs.py" line="-510" />
        <source>Graded log text</source>
        <translation>Testun y cofnod graddedig</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Copy</source>
        <translation>Copïo</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Save text</source>
        <translation>Cadw'r testun</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Print…</source>
        <translation>Argraffu…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Save as PDF</source>
        <translation>Cadw fel PDF</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Print slip…</source>
        <translation>Argraffu slip…</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Slip as PDF</source>
        <translation>Slip fel PDF</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Slip language</source>
        <translation>Iaith y slip</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Close (Esc)</source>
        <translation>Cau (Esc)</translation>
    </message>
    <message>
        <location line="+25" />
        <source>Graded log {0}</source>
        <translation>Cofnod graddedig {0}</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Welsh and English</source>
        <translation>Cymraeg a Saesneg</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Welsh</source>
        <translation>Cymraeg</translation>
    </message>
    <message>
        <location line="+1" />
        <source>English</source>
        <translation>Saesneg</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Slip in {0} (Alt+W)</source>
        <translation>Iaith y slip: {0} (Alt+W)</translation>
    </message>
    <message>
        <location line="+11" />
        <source>The slip prints in {0}.</source>
        <translation>Iaith argraffu'r slip: {0}.</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Copied: paste it into command and control.</source>
        <translation>Wedi'i gopïo: gludwch ef yn y system gorchymyn a rheoli.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Saved to {0}</source>
        <translation>Wedi'i gadw yn {0}</translation>
    </message>
    <message>
        <location line="+7" />
        <source>PDF saved to {0}</source>
        <translation>PDF wedi'i gadw yn {0}</translation>
    </message>
</context>
<context>
    <name>OverrideDialog</name>
    <message>
        <location line="+236" />
        <source>What to override</source>
        <translation>Beth i'w ddiystyru</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Risk level</source>
        <translation>Lefel risg</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Grade</source>
        <translation>Gradd</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Chosen value</source>
        <translation>Gwerth a ddewiswyd</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Reason for the override (required)</source>
        <translation>Rheswm dros ddiystyru (gofynnol)</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Why? (required; a supervisor reviews every override)</source>
        <translation>Pam? (gofynnol; mae goruchwyliwr yn adolygu pob diystyru)</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Override</source>
        <translation>Diystyru</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Record override</source>
        <translation>Cofnodi'&amp;r diystyru</translation>
    </message>
    <message>
        <location line="+2" />
        <source>&amp;Override</source>
        <translation>Diystyru (&amp;O)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;To</source>
        <translation>Newid i (&amp;T)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>R&amp;eason</source>
        <translation>Rh&amp;eswm</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Tab moves on · Ctrl+Enter or Alt+R records · Esc cancels</source>
        <translation>Tab i symud ymlaen · Ctrl+Enter neu Alt+R i gofnodi · Esc i ganslo</translation>
    </message>
</context>
<context>
    <name>PersonDialog</name>
    <message>
        <location line="-213" />
        <source>New caller</source>
        <translation>Galwr newydd</translation>
    </message>
    <message>
        <location line="+6" />
        <source>&amp;Given name</source>
        <translation>Enw cyntaf (&amp;G)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Family name</source>
        <translation>Cy&amp;fenw</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Phone number</source>
        <translation>Rhif ffôn (&amp;P)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Address (first line)</source>
        <translation>Cyfeiri&amp;ad (llinell gyntaf)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Town</source>
        <translation>&amp;Tref</translation>
    </message>
    <message>
        <location line="+1" />
        <source>P&amp;ostcode</source>
        <translation>C&amp;od post</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Tab moves on · Enter or Ctrl+Enter adds the caller · Esc cancels</source>
        <translation>Tab i symud ymlaen · Enter neu Ctrl+Enter i ychwanegu'r galwr · Esc i ganslo</translation>
    </message>
    <message>
        <location line="+11" />
        <source>A&amp;dd caller (Ctrl+Enter)</source>
        <translation>Ychwanegu galwr (Ctrl+Enter) (&amp;D)</translation>
    </message>
    <message>
        <location line="+21" />
        <source>required (one of them at least)</source>
        <translation>gofynnol (o leiaf un ohonynt)</translation>
    </message>
    <message>
        <location line="+9" />
        <source>required with an address</source>
        <translation>gofynnol gyda chyfeiriad</translation>
    </message>
    <message>
        <location line="+2" />
        <source>required with an address (e.g. LS1 4AP)</source>
        <translation>gofynnol gyda chyfeiriad (e.e. LS1 4AP)</translation>
    </message>
    <message>
        <location line="+18" />
        <source>{0}: {1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Given name or family name</source>
        <translation>Enw cyntaf neu gyfenw</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Adding…</source>
        <translation>Wrthi'n ychwanegu…</translation>
    </message>
</context>
<context>
    <name>PromptsBox</name>
    <message>
        <location filename="../../asbdesk/gui/desk.py" line="-1418" />
        <source>{0} prompt(s) pinned, the newest first</source>
        <translation>{0} anogwr wedi'u pinio, y diweddaraf yn gyntaf</translation>
    </message>
    <message>
        <location line="+2" />
        <source> — more below: Tab to them, then PgDn</source>
        <translation> — mwy isod: Tab i'w cyrraedd, yna PgDn</translation>
    </message>
</context>
<context>
    <name>QuestionView</name>
    <message>
        <location line="-423" />
        <source>Question</source>
        <translation>Cwestiwn</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Options</source>
        <translation>Dewisiadau</translation>
    </message>
    <message>
        <location line="+6" />
        <location line="+237" />
        <source>Answer</source>
        <translation>Ateb</translation>
    </message>
    <message>
        <location line="-231" />
        <source>The caller's e-mail address:</source>
        <translation>Cyfeiriad e-bost y galwr:</translation>
    </message>
    <message>
        <location line="+4" />
        <source>The caller's e-mail address</source>
        <translation>Cyfeiriad e-bost y galwr</translation>
    </message>
    <message>
        <location line="+1" />
        <source>e.g. name@example.org: type it, then Enter</source>
        <translation>e.e. enw@example.org: teipiwch ef, yna Enter</translation>
    </message>
    <message>
        <location line="+29" />
        <source>not answered, {0}</source>
        <translation>heb ei ateb, {0}</translation>
    </message>
    <message>
        <location line="+4" />
        <source>yes</source>
        <translation>ie</translation>
    </message>
    <message>
        <location line="+0" />
        <source>no</source>
        <translation>na</translation>
    </message>
    <message>
        <location line="+14" />
        <source>, mandatory</source>
        <translation>, gorfodol</translation>
    </message>
    <message>
        <location line="+2" />
        <source>, your judgement</source>
        <translation>, eich barn chi</translation>
    </message>
    <message>
        <location line="+7" />
        <source> (several may be chosen: each key toggles one)</source>
        <translation> (gellir dewis sawl un: mae pob bysell yn toglo un)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>type the answer, then Enter</source>
        <translation>teipiwch yr ateb, yna Enter</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+15" />
        <source>Answer: {0}</source>
        <translation>Ateb: {0}</translation>
    </message>
    <message>
        <location line="-15" />
        <source>Not answered yet</source>
        <translation>Heb ei ateb eto</translation>
    </message>
    <message>
        <location line="+17" />
        <source>Not answered</source>
        <translation>Heb ei ateb</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Question {0} of {1}</source>
        <translation>Cwestiwn {0} o {1}</translation>
    </message>
    <message>
        <location line="+2" />
        <source> — mandatory</source>
        <translation> — gorfodol</translation>
    </message>
    <message>
        <location line="+2" />
        <source> (your judgement)</source>
        <translation> (eich barn chi)</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Question: {0}</source>
        <translation>Cwestiwn: {0}</translation>
    </message>
    <message>
        <location line="+34" />
        <source>chosen: {0}</source>
        <translation>wedi'i ddewis: {0}</translation>
    </message>
    <message>
        <location line="+0" />
        <source>not chosen: {0}</source>
        <translation>heb ei ddewis: {0}</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Y / N</source>
        <translation>Y / N</translation>
    </message>
    <message>
        <location line="+2" />
        <source> · Up/Down + Space (toggle), then Enter</source>
        <translation> · Up/Down + Space (ticio), yna Enter</translation>
    </message>
    <message>
        <location line="+2" />
        <source> or Up/Down + Space: moves on by itself</source>
        <translation> neu Up/Down + Space: yn symud ymlaen ar ei ben ei hun</translation>
    </message>
    <message>
        <location line="+2" />
        <source> · Up/Down + Space</source>
        <translation> · Up/Down + Space</translation>
    </message>
    <message>
        <source> (toggle)</source>
        <translation type="vanished"> (toglo)</translation>
    </message>
    <message>
        <location line="+7" />
        <source>type, then Enter</source>
        <translation>teipiwch, yna Enter</translation>
    </message>
    <message>
        <location line="+3" />
        <source>   Declined: {0}</source>
        <translation>   Wedi gwrthod: {0}</translation>
    </message>
    <message>
        <location line="+9" />
        <source>E-mail chosen: type the caller's e-mail address, then Enter · Esc back to the options ({keys})</source>
        <translation>E-bost wedi'i ddewis: teipiwch gyfeiriad e-bost y galwr, yna Enter · Esc yn ôl i'r dewisiadau ({keys})</translation>
    </message>
    <message>
        <location line="+2" />
        <source> · recorded: {0}</source>
        <translation> · wedi'i gofnodi: {0}</translation>
    </message>
    <message>
        <location line="+5" />
        <source>{keys} · Enter next · Ctrl+Backspace back · Ctrl+D {reasons}{state}</source>
        <translation>{keys} · Enter nesaf · Ctrl+Backspace yn ôl · Ctrl+D {reasons}{state}</translation>
    </message>
    <message>
        <location line="+41" />
        <source>Pick the incident code to bring up its questions.</source>
        <translation>Dewiswch y cod digwyddiad i ddangos ei gwestiynau.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Saved: this contact is closed</source>
        <translation>Wedi'i gadw: mae'r cyswllt hwn wedi'i gau</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The log is saved as shown. Ctrl+N starts a new contact, Ctrl+Shift+N a walk-in.</source>
        <translation>Mae'r cofnod wedi'i gadw fel y dangosir. Mae Ctrl+N yn dechrau cyswllt newydd, Ctrl+Shift+N gyswllt wrth y cownter.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>All {0} questions passed</source>
        <translation>Wedi mynd drwy bob un o'r {0} cwestiwn</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Ctrl+Enter to finish and save · Ctrl+Backspace back to the last question</source>
        <translation>Ctrl+Enter i orffen a chadw · Ctrl+Backspace yn ôl i'r cwestiwn olaf</translation>
    </message>
    <message>
        <location line="+34" />
        <source>'{0}' is not a number: type digits, e.g. 3</source>
        <translation>Nid yw '{0}' yn rhif: teipiwch ddigidau, e.e. 3</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../../asbdesk/gui/supervisor.py" line="-498" />
        <source>Due</source>
        <translation>Dyledus</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Reference</source>
        <translation>Cyfeirnod</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Summary</source>
        <translation>Crynodeb</translation>
    </message>
    <message>
        <location line="+2" />
        <source>OVERDUE</source>
        <translation>HWYR</translation>
    </message>
    <message>
        <location line="+116" />
        <source>no reference</source>
        <translation>dim cyfeirnod</translation>
    </message>
</context>
<context>
    <name>QueuePage</name>
    <message>
        <location line="+261" />
        <source>{0}, most urgent first</source>
        <translation>{0}, y mwyaf brys yn gyntaf</translation>
    </message>
    <message>
        <location line="+22" />
        <source>Details of the item</source>
        <translation>Manylion yr eitem</translation>
    </message>
</context>
<context>
    <name>Refusal</name>
    <message>
        <location filename="../../asbdesk/core/messages.py" line="+40" />
        <source>unknown channel '{channel}' ({channels})</source>
        <translation>sianel anhysbys '{channel}' ({channels})</translation>
    </message>
    <message>
        <location line="+1" />
        <source>This contact is finished and saved: the log is closed. Ctrl+N starts a new contact.</source>
        <translation>Mae'r cyswllt hwn wedi'i orffen a'i gadw: mae'r cofnod wedi'i gau. Mae Ctrl+N yn dechrau cyswllt newydd.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>pick the incident code first</source>
        <translation>dewiswch y cod digwyddiad yn gyntaf</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Question {number}: the caller chose e-mail: type their e-mail address, then Enter (or choose another way to contact them)</source>
        <translation>Cwestiwn {number}: dewisodd y galwr e-bost: teipiwch gyfeiriad e-bost y galwr, yna Enter (neu dewiswch ffordd arall o gysylltu â'r galwr)</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Not saved: Question {number}: the caller chose e-mail: type their e-mail address, then Enter (or choose another way to contact them)</source>
        <translation>Heb ei gadw: Cwestiwn {number}: dewisodd y galwr e-bost: teipiwch gyfeiriad e-bost y galwr, yna Enter (neu dewiswch ffordd arall o gysylltu â'r galwr)</translation>
    </message>
    <message>
        <location line="+5" />
        <source>'{code}' is not an incident code of pack '{pack}'</source>
        <translation>nid yw '{code}' yn god digwyddiad yn y pecyn '{pack}'</translation>
    </message>
    <message>
        <location line="+1" />
        <source>question '{question}' is not shown for this call</source>
        <translation>nid yw'r cwestiwn '{question}' yn cael ei ddangos ar gyfer yr alwad hon</translation>
    </message>
    <message>
        <location line="+1" />
        <source>there is no question to answer</source>
        <translation>nid oes cwestiwn i'w ateb</translation>
    </message>
    <message>
        <location line="+1" />
        <source>this question takes typed text, then Enter</source>
        <translation>mae angen teipio testun ar gyfer y cwestiwn hwn, yna Enter</translation>
    </message>
    <message>
        <location line="+1" />
        <source>there is no question to decline</source>
        <translation>nid oes cwestiwn i'w wrthod</translation>
    </message>
    <message>
        <location line="+1" />
        <source>unknown reason '{reason}' (reasons: {reasons})</source>
        <translation>rheswm anhysbys '{reason}' (rhesymau: {reasons})</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Question {number}, '{text}', is mandatory: answer it, or Ctrl+D to record why it was not asked</source>
        <translation>Mae cwestiwn {number}, '{text}', yn orfodol: atebwch ef, neu Ctrl+D i gofnodi pam na chafodd ei ofyn</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Question {number} is not answered yet (the desk moved on by itself after your answer): Y or N to answer it, or Enter again to pass it</source>
        <translation>Nid yw cwestiwn {number} wedi'i ateb eto (symudodd y ddesg ymlaen ar ei phen ei hun ar ôl eich ateb): Y neu N i'w ateb, neu Enter eto i fynd heibio iddo</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Question {number} is not answered yet (the desk moved on by itself after your answer): {keys} to answer it, or Enter again to pass it</source>
        <translation>Nid yw cwestiwn {number} wedi'i ateb eto (symudodd y ddesg ymlaen ar ei phen ei hun ar ôl eich ateb): {keys} i'w ateb, neu Enter eto i fynd heibio iddo</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Question {number} is not answered yet (the desk moved on by itself after your answer): type the answer, then Enter, or Enter again to pass it</source>
        <translation>Nid yw cwestiwn {number} wedi'i ateb eto (symudodd y ddesg ymlaen ar ei phen ei hun ar ôl eich ateb): teipiwch yr ateb, yna Enter, neu Enter eto i fynd heibio iddo</translation>
    </message>
    <message>
        <location line="+5" />
        <source>unknown THRIVE heading '{heading}'</source>
        <translation>pennawd THRIVE anhysbys '{heading}'</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The caller's e-mail address: {problem}</source>
        <translation>Cyfeiriad e-bost y galwr: {problem}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>unknown flag type '{kind}'</source>
        <translation>math anhysbys o faner '{kind}'</translation>
    </message>
    <message>
        <location line="+1" />
        <source>a flag is on the caller, the address or the phone number, not '{subject}'</source>
        <translation>mae baner ar y galwr, y cyfeiriad neu'r rhif ffôn, nid ar '{subject}'</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Find the caller first: a flag needs a person, an address or a phone number.</source>
        <translation>Chwiliwch am y galwr yn gyntaf: mae angen person, cyfeiriad neu rif ffôn ar faner.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>'{referral}' is not a referral that needs the caller's consent</source>
        <translation>nid yw '{referral}' yn atgyfeiriad sydd angen caniatâd y galwr</translation>
    </message>
    <message>
        <location line="+1" />
        <source>{to}: {problem}</source>
        <translation>{to}: {problem}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>the lawful basis for sharing without consent</source>
        <translation>y sail gyfreithlon dros rannu heb ganiatâd</translation>
    </message>
    <message>
        <location line="+1" />
        <source>why the referral was not made</source>
        <translation>pam na wnaed yr atgyfeiriad</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Pick the incident code first: its questions come up by themselves.</source>
        <translation>Dewiswch y cod digwyddiad yn gyntaf: bydd ei gwestiynau'n ymddangos ohonynt eu hunain.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Not saved: question {number}, '{text}', is mandatory. Answer it, or Ctrl+D to record why it was not asked.</source>
        <translation>Heb ei gadw: mae cwestiwn {number}, '{text}', yn orfodol. Atebwch ef, neu Ctrl+D i gofnodi pam na chafodd ei ofyn.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Not saved: question {number}, '{text}', is mandatory (and {more} more). Answer it, or Ctrl+D to record why it was not asked.</source>
        <translation>Heb ei gadw: mae cwestiwn {number}, '{text}', yn orfodol (a {more} arall). Atebwch ef, neu Ctrl+D i gofnodi pam na chafodd ei ofyn.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Not saved: acknowledge the {kind} prompt first (Ctrl+K): {text}</source>
        <translation>Heb ei gadw: cydnabyddwch yr anogwr {kind} yn gyntaf (Ctrl+K): {text}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Not saved: the referral to {to} was not made (no consent to share). Ctrl+K to write why, or the lawful basis for sharing it anyway.</source>
        <translation>Heb ei gadw: ni wnaed yr atgyfeiriad i {to} (dim caniatâd i rannu). Ctrl+K i ysgrifennu pam, neu'r sail gyfreithlon dros ei rannu beth bynnag.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>this unfinished contact was saved by a different version of asbdesk (draft version {version}; this one reads 1 and {current})</source>
        <translation>cafodd y cyswllt heb ei orffen hwn ei gadw gan fersiwn wahanol o asbdesk (fersiwn drafft {version}; mae'r fersiwn hon yn darllen 1 a {current})</translation>
    </message>
    <message>
        <location line="+5" />
        <source>this unfinished contact cannot be read back ({where}: {problem})</source>
        <translation>nid oes modd darllen y cyswllt heb ei orffen hwn yn ôl ({where}: {problem})</translation>
    </message>
    <message>
        <location line="+1" />
        <source>this unfinished contact was taken with pack '{taken}', not '{pack}'</source>
        <translation>cafodd y cyswllt heb ei orffen hwn ei gymryd gyda'r pecyn '{taken}', nid '{pack}'</translation>
    </message>
    <message>
        <location line="+1" />
        <source>the pack has changed: {problem}</source>
        <translation>mae'r pecyn wedi newid: {problem}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>the pack has changed: question '{question}' no longer exists</source>
        <translation>mae'r pecyn wedi newid: nid yw'r cwestiwn '{question}' yn bodoli mwyach</translation>
    </message>
    <message>
        <location line="+1" />
        <source>the pack has changed: incident code '{code}' no longer exists</source>
        <translation>mae'r pecyn wedi newid: nid yw'r cod digwyddiad '{code}' yn bodoli mwyach</translation>
    </message>
    <message>
        <location line="+1" />
        <source>{what} {problem}</source>
        <translation>{what}: {problem}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The reason</source>
        <translation>Y rheswm</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The e-mail address</source>
        <translation>Y cyfeiriad e-bost</translation>
    </message>
    <message>
        <location line="+1" />
        <source>What you wrote</source>
        <translation>Yr hyn a ysgrifennwyd gennych</translation>
    </message>
    <message>
        <location line="+1" />
        <source>key {key} means nothing on question '{question}'</source>
        <translation>nid yw'r fysell {key} yn golygu dim ar y cwestiwn '{question}'</translation>
    </message>
    <message>
        <location line="+4" />
        <source>{field}: {problem}</source>
        <translation>{field}: {problem}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>is {length:,} characters long; the limit is {limit:,}</source>
        <translation>mae'n {length:,} nod o hyd; y terfyn yw {limit:,}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>contains {what} (U+{code:04X}) at position {position}</source>
        <translation>mae'n cynnwys {what} (U+{code:04X}) yn safle {position}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>a lone surrogate</source>
        <translation>dirprwy unigol (lone surrogate)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>a bidirectional text control</source>
        <translation>nod rheoli testun deugyfeiriadol</translation>
    </message>
    <message>
        <location line="+1" />
        <source>a control character</source>
        <translation>nod rheoli</translation>
    </message>
    <message>
        <location line="+1" />
        <source>{name} is not a JSON number (numbers must be finite)</source>
        <translation>nid yw {name} yn rhif JSON (rhaid i rifau fod yn feidraidd)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>an integer has {digits:,} digits; the limit is {limit:,}</source>
        <translation>mae gan gyfanrif {digits:,} digid; y terfyn yw {limit:,}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>is larger than the limit of {limit:,} bytes</source>
        <translation>mae'n fwy na'r terfyn o {limit:,} beit</translation>
    </message>
    <message>
        <location line="+1" />
        <source>nests objects and lists more than {limit} deep (the limit)</source>
        <translation>mae'n nythu gwrthrychau a rhestrau fwy na {limit} lefel o ddyfnder (y terfyn)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>malformed JSON at line {line} column {column}: {problem}</source>
        <translation>JSON wedi'i gamffurfio yn llinell {line} colofn {column}: {problem}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>a value cannot be read ({problem})</source>
        <translation>nid oes modd darllen gwerth ({problem})</translation>
    </message>
    <message>
        <location line="+1" />
        <source>'{question}' is a yes/no question: give true or false, not {value}</source>
        <translation>mae '{question}' yn gwestiwn ie/na: rhowch true neu false, nid {value}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>{value} is not an option of '{question}' (options: {options})</source>
        <translation>nid yw {value} yn un o ddewisiadau '{question}' (dewisiadau: {options})</translation>
    </message>
    <message>
        <location line="+1" />
        <source>'{question}' takes a list of option ids, not {value}</source>
        <translation>mae '{question}' yn cymryd rhestr o ids dewisiadau, nid {value}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>'{question}' takes a number, not {value}</source>
        <translation>mae '{question}' yn cymryd rhif, nid {value}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>'{question}' takes text, not {value}</source>
        <translation>mae '{question}' yn cymryd testun, nid {value}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>'{question}' takes a date such as 2026-11-23, not {value}</source>
        <translation>mae '{question}' yn cymryd dyddiad fel 2026-11-23, nid {value}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>must be a JSON object</source>
        <translation>rhaid iddo fod yn wrthrych JSON</translation>
    </message>
    <message>
        <location line="+1" />
        <source>unknown key (known keys: {known})</source>
        <translation>allwedd anhysbys (allweddi hysbys: {known})</translation>
    </message>
    <message>
        <location line="+1" />
        <source>unknown key; did you mean '{close}'? (known keys: {known})</source>
        <translation>allwedd anhysbys; oeddech chi'n golygu '{close}'? (allweddi hysbys: {known})</translation>
    </message>
    <message>
        <location line="+1" />
        <source>is required</source>
        <translation>mae'n ofynnol</translation>
    </message>
    <message>
        <location line="+1" />
        <source>unknown incident code {code} in pack '{pack}' (known: {known})</source>
        <translation>cod digwyddiad anhysbys {code} yn y pecyn '{pack}' (rhai hysbys: {known})</translation>
    </message>
    <message>
        <location line="+1" />
        <source>is required (ISO 8601, e.g. 2026-11-23T14:05:00Z)</source>
        <translation>mae'n ofynnol (ISO 8601, e.e. 2026-11-23T14:05:00Z)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>must be one of {known}, not {value}</source>
        <translation>rhaid iddo fod yn un o {known}, nid {value}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>must be an object of question id -&gt; answer</source>
        <translation>rhaid iddo fod yn wrthrych id cwestiwn -&gt; ateb</translation>
    </message>
    <message>
        <location line="+1" />
        <source>unknown question id {question} in pack '{pack}'</source>
        <translation>id cwestiwn anhysbys {question} yn y pecyn '{pack}'</translation>
    </message>
    <message>
        <location line="+1" />
        <source>must be an object of question id -&gt; reason id</source>
        <translation>rhaid iddo fod yn wrthrych id cwestiwn -&gt; id rheswm</translation>
    </message>
    <message>
        <location line="+1" />
        <source>unknown reason {reason} (known: {known})</source>
        <translation>rheswm anhysbys {reason} (rhai hysbys: {known})</translation>
    </message>
    <message>
        <location line="+1" />
        <source>the question is both answered and declined</source>
        <translation>mae'r cwestiwn wedi'i ateb ac wedi'i wrthod</translation>
    </message>
    <message>
        <location line="+1" />
        <source>must be an object with any of {headings}</source>
        <translation>rhaid iddo fod yn wrthrych ag unrhyw un o {headings}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>unknown THRIVE heading (known: {headings})</source>
        <translation>pennawd THRIVE anhysbys (rhai hysbys: {headings})</translation>
    </message>
    <message>
        <location line="+1" />
        <source>must be text</source>
        <translation>rhaid iddo fod yn destun</translation>
    </message>
    <message>
        <location line="+1" />
        <source>must be text, not {value}</source>
        <translation>rhaid iddo fod yn destun, nid {value}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>must be a list of flag kinds ({known})</source>
        <translation>rhaid iddo fod yn rhestr o fathau o faner ({known})</translation>
    </message>
    <message>
        <location line="+1" />
        <source>unknown flag kind {kind} (known: {known})</source>
        <translation>math anhysbys o faner {kind} (rhai hysbys: {known})</translation>
    </message>
    <message>
        <location line="+1" />
        <source>must be a list of prompt ids</source>
        <translation>rhaid iddo fod yn rhestr o ids anogwyr</translation>
    </message>
    <message>
        <location line="+1" />
        <source>unknown prompt id {prompt} in pack '{pack}'</source>
        <translation>id anogwr anhysbys {prompt} yn y pecyn '{pack}'</translation>
    </message>
    <message>
        <location line="+1" />
        <source>the referral is both shared without consent and not made</source>
        <translation>mae'r atgyfeiriad wedi'i nodi fel un a rannwyd heb ganiatâd ac fel un na chafodd ei wneud</translation>
    </message>
    <message>
        <location line="+1" />
        <source>must be an object {{name, phone, address, email, flags}} (leave it out if not known)</source>
        <translation>rhaid iddo fod yn wrthrych {{name, phone, address, email, flags}} (gadewch ef allan os nad yw'n hysbys)</translation>
    </message>
    <message>
        <location line="+3" />
        <source>must be an object {{line1, town, postcode}}</source>
        <translation>rhaid iddo fod yn wrthrych {{line1, town, postcode}}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>give at least the first line or the postcode</source>
        <translation>rhowch o leiaf y llinell gyntaf neu'r cod post</translation>
    </message>
    <message>
        <location line="+1" />
        <source>give at least one of name, phone, address or email (leave caller out if not known)</source>
        <translation>rhowch o leiaf un o name, phone, address neu email (gadewch caller allan os nad yw'n hysbys)</translation>
    </message>
    <message>
        <location line="+3" />
        <source>must be a list of {shape}</source>
        <translation>rhaid iddo fod yn rhestr o {shape}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>has {count:,} items; the limit is {limit:,}</source>
        <translation>mae ganddo {count:,} eitem; y terfyn yw {limit:,}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>must be an object {shape}</source>
        <translation>rhaid iddo fod yn wrthrych {shape}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>must be an object of referral id -&gt; {what}</source>
        <translation>rhaid iddo fod yn wrthrych id atgyfeiriad -&gt; {what}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>not a referral that needs the caller's consent (those are: {known})</source>
        <translation>nid yw'n atgyfeiriad sydd angen caniatâd y galwr (dyma'r rhai sydd: {known})</translation>
    </message>
    <message>
        <location line="+3" />
        <source>none in this pack</source>
        <translation>dim un yn y pecyn hwn</translation>
    </message>
    <message>
        <location line="+1" />
        <source>write {what}, at least {minimum} characters</source>
        <translation>ysgrifennwch {what}, o leiaf {minimum} nod</translation>
    </message>
    <message>
        <location line="+1" />
        <source>the lawful basis for sharing without consent (e.g. safeguarding: why)</source>
        <translation>y sail gyfreithlon dros rannu heb ganiatâd (e.e. diogelu: pam)</translation>
    </message>
    <message>
        <location line="+3" />
        <source>must be a list of {{occurred_at, incident_code}}</source>
        <translation>rhaid iddo fod yn rhestr o {{occurred_at, incident_code}}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>must be an object {{occurred_at, incident_code}}</source>
        <translation>rhaid iddo fod yn wrthrych {{occurred_at, incident_code}}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>must be an incident code, not {value}</source>
        <translation>rhaid iddo fod yn god digwyddiad, nid {value}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>is after the complaint was made (occurred_at)</source>
        <translation>mae ar ôl i'r gŵyn gael ei gwneud (occurred_at)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>only the risk level or the grade can be overridden, not {value}</source>
        <translation>dim ond y lefel risg neu'r radd y mae modd eu diystyru, nid {value}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>unknown risk level {value} (known: {known})</source>
        <translation>lefel risg anhysbys {value} (rhai hysbys: {known})</translation>
    </message>
    <message>
        <location line="+1" />
        <source>unknown grade {value} (known: {known})</source>
        <translation>gradd anhysbys {value} (rhai hysbys: {known})</translation>
    </message>
    <message>
        <location line="+1" />
        <source>an override needs a written reason; it goes to a supervisor for review</source>
        <translation>mae angen rheswm ysgrifenedig ar gyfer diystyru; bydd yn mynd at oruchwyliwr i'w adolygu</translation>
    </message>
    <message>
        <location line="+3" />
        <source>must be an object {{risk_level or grade, reason}}</source>
        <translation>rhaid iddo fod yn wrthrych {{risk_level neu grade, reason}}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>give exactly one of risk_level or grade</source>
        <translation>rhowch un yn unig o risk_level neu grade</translation>
    </message>
    <message>
        <location line="+1" />
        <source>year {year} is out of range ({low} to {high})</source>
        <translation>mae'r flwyddyn {year} y tu allan i'r ystod ({low} i {high})</translation>
    </message>
    <message>
        <location line="+4" />
        <source>must be a JSON object (the assess input, plus acknowledged, elapsed_s, keys)</source>
        <translation>rhaid iddo fod yn wrthrych JSON (mewnbwn assess, ynghyd ag acknowledged, elapsed_s, keys)</translation>
    </message>
    <message>
        <location line="+3" />
        <source>{count} earlier report(s) by the caller</source>
        <translation>{count} adroddiad cynharach gan y galwr</translation>
    </message>
    <message>
        <location line="+1" />
        <source>{count} report(s) by others at the address</source>
        <translation>{count} adroddiad gan eraill yn y cyfeiriad</translation>
    </message>
    <message>
        <location line="+1" />
        <source>{count} active flag(s)</source>
        <translation>{count} baner weithredol</translation>
    </message>
    <message>
        <location line="+1" />
        <source>an attempt does not bring the caller's {what}: scenario '{scenario}' gives it ({given}), so that every attempt is scored on the same caller; take '{key}' out</source>
        <translation>nid yw ymgais yn dod â {what} y galwr: mae'r senario '{scenario}' yn ei roi ({given}), fel bod pob ymgais yn cael ei sgorio ar yr un galwr; tynnwch '{key}' allan</translation>
    </message>
    <message>
        <location line="+5" />
        <source>an attempt does not bring the caller's flags: scenario '{scenario}' gives them ({given}); take them out</source>
        <translation>nid yw ymgais yn dod â baneri'r galwr: mae'r senario '{scenario}' yn eu rhoi ({given}); tynnwch nhw allan</translation>
    </message>
    <message>
        <location line="+3" />
        <source>'{prompt}' is not a prompt of pack '{pack}'{hint}</source>
        <translation>nid yw '{prompt}' yn anogwr yn y pecyn '{pack}'{hint}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>must be a number of seconds, 0 or more</source>
        <translation>rhaid iddo fod yn nifer o eiliadau, 0 neu fwy</translation>
    </message>
    <message>
        <location line="+1" />
        <source>must be a whole number, 0 or more</source>
        <translation>rhaid iddo fod yn rhif cyfan, 0 neu fwy</translation>
    </message>
    <message>
        <location line="+1" />
        <source>unknown key{hint}</source>
        <translation>allwedd anhysbys{hint}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>unknown flag kind {kind}{hint}</source>
        <translation>math anhysbys o faner {kind}{hint}</translation>
    </message>
    <message>
        <location line="+4" />
        <source>a phone number is needed</source>
        <translation>mae angen rhif ffôn</translation>
    </message>
    <message>
        <location line="+1" />
        <source>'{text}' is not a phone number</source>
        <translation>nid yw '{text}' yn rhif ffôn</translation>
    </message>
    <message>
        <location line="+1" />
        <source>'{text}' is not a valid phone number (check the digits and the area code)</source>
        <translation>nid yw '{text}' yn rhif ffôn dilys (gwiriwch y digidau a'r cod ardal)</translation>
    </message>
    <message>
        <location line="+3" />
        <source>an e-mail address is needed</source>
        <translation>mae angen cyfeiriad e-bost</translation>
    </message>
    <message>
        <location line="+1" />
        <source>an e-mail address is at most {limit} characters ({length:,} given)</source>
        <translation>mae cyfeiriad e-bost yn {limit} nod ar y mwyaf ({length:,} wedi'u rhoi)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>'{text}' is not an e-mail address ({problem})</source>
        <translation>nid yw '{text}' yn gyfeiriad e-bost ({problem})</translation>
    </message>
    <message>
        <location line="+1" />
        <source>a postcode is needed</source>
        <translation>mae angen cod post</translation>
    </message>
    <message>
        <location line="+1" />
        <source>'{text}' is not a UK postcode (e.g. CB1 2AB)</source>
        <translation>nid yw '{text}' yn god post yn y DU (e.e. CB1 2AB)</translation>
    </message>
    <message>
        <location line="+4" />
        <source>{what}: {path} does not exist</source>
        <translation>{what}: nid yw {path} yn bodoli</translation>
    </message>
    <message>
        <location line="+1" />
        <source>{what}: cannot read {path} ({problem})</source>
        <translation>{what}: methu darllen {path} ({problem})</translation>
    </message>
    <message>
        <location line="+1" />
        <source>{what}: {path} is a folder, not a file</source>
        <translation>{what}: ffolder yw {path}, nid ffeil</translation>
    </message>
    <message>
        <location line="+1" />
        <source>{what}: {path} is not a regular file (a device, pipe or socket is never read)</source>
        <translation>{what}: nid yw {path} yn ffeil arferol (nid yw dyfais, pibell na soced byth yn cael eu darllen)</translation>
    </message>
    <message>
        <location line="+3" />
        <source>{what}: {path} is {size:,} bytes; the limit is {limit:,}</source>
        <translation>{what}: mae {path} yn {size:,} beit; y terfyn yw {limit:,}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>{what}: {path} is larger than the limit of {limit:,} bytes</source>
        <translation>{what}: mae {path} yn fwy na'r terfyn o {limit:,} beit</translation>
    </message>
    <message>
        <location line="+4" />
        <source>response plan '{plan}' of pack '{pack}' has no wording for the public</source>
        <translation>nid oes gan y cynllun ymateb '{plan}' yn y pecyn '{pack}' eiriad ar gyfer y cyhoedd</translation>
    </message>
    <message>
        <location line="+3" />
        <source>pack '{pack}' has no wording for the public (no 'public' block), so it cannot be used for a walk-in report</source>
        <translation>nid oes gan y pecyn '{pack}' eiriad ar gyfer y cyhoedd (dim bloc 'public'), felly nid oes modd ei ddefnyddio ar gyfer adroddiad wrth y cownter</translation>
    </message>
    <message>
        <location line="+4" />
        <source>a walk-in slip needs the report's reference</source>
        <translation>mae angen cyfeirnod yr adroddiad ar slip wrth y cownter</translation>
    </message>
    <message>
        <location line="+1" />
        <source>response plan '{plan}' of pack '{pack}' has no wording for the public in Welsh</source>
        <translation>nid oes gan y cynllun ymateb '{plan}' yn y pecyn '{pack}' eiriad Cymraeg ar gyfer y cyhoedd</translation>
    </message>
    <message>
        <location line="+3" />
        <source>pack '{pack}' offers no Welsh wording for the public (no public.welsh block), so its documents for the public are in English only</source>
        <translation>nid yw'r pecyn '{pack}' yn cynnig geiriad Cymraeg ar gyfer y cyhoedd (dim bloc public.welsh), felly mae ei ddogfennau ar gyfer y cyhoedd yn Saesneg yn unig</translation>
    </message>
    <message>
        <location line="+5" />
        <source>the language is en (English), cy (Welsh) or both (Welsh and English), not '{text}'</source>
        <translation>yr iaith yw en (Saesneg), cy (Cymraeg) neu both (Cymraeg a Saesneg), nid '{text}'</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../../asbdesk/gui/reports.py" line="+130" />
        <source>From: first day of the period</source>
        <translation>O: diwrnod cyntaf y cyfnod</translation>
    </message>
    <message>
        <location line="+2" />
        <source>To: last day of the period</source>
        <translation>I: diwrnod olaf y cyfnod</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Run reports (Ctrl+Enter)</source>
        <translation>Rhedeg adroddiadau (Ctrl+Enter)</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Choose the period and press Ctrl+Enter to run the reports.</source>
        <translation>Dewiswch y cyfnod a phwyswch Ctrl+Enter i redeg yr adroddiadau.</translation>
    </message>
    <message>
        <location line="-1" />
        <location line="+215" />
        <source>Reports status</source>
        <translation>Statws yr adroddiadau</translation>
    </message>
    <message>
        <location line="-225" />
        <source>&amp;From</source>
        <translation>O (&amp;F)</translation>
    </message>
    <message>
        <location line="+0" />
        <source>&amp;To</source>
        <translation>I (&amp;T)</translation>
    </message>
    <message>
        <location line="+27" />
        <source>Reports: compliance (Alt+C) and hotspots (Alt+H)</source>
        <translation>Adroddiadau: cydymffurfiaeth (Alt+C) a mannau problemus (Alt+H)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Compliance</source>
        <translation>&amp;Cydymffurfiaeth</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Hotspots</source>
        <translation>Mannau problemus (&amp;H)</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Run reports</source>
        <translation>Rhedeg adroddiadau</translation>
    </message>
    <message>
        <location line="+3" />
        <source>run both reports for the period</source>
        <translation>rhedeg y ddau adroddiad ar gyfer y cyfnod</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Save compliance as CSV</source>
        <translation>Cadw cydymffurfiaeth fel CSV</translation>
    </message>
    <message>
        <location line="+3" />
        <source>compliance report to CSV</source>
        <translation>adroddiad cydymffurfiaeth i CSV</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Save compliance as PDF</source>
        <translation>Cadw cydymffurfiaeth fel PDF</translation>
    </message>
    <message>
        <location line="+3" />
        <source>compliance report to PDF</source>
        <translation>adroddiad cydymffurfiaeth i PDF</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Save hotspots as CSV</source>
        <translation>Cadw mannau problemus fel CSV</translation>
    </message>
    <message>
        <location line="+3" />
        <source>hotspots report to CSV</source>
        <translation>adroddiad mannau problemus i CSV</translation>
    </message>
    <message>
        <location line="+36" />
        <source>Compliance by checklist item</source>
        <translation>Cydymffurfiaeth fesul eitem ar y rhestr wirio</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+16" />
        <source>Checklist item</source>
        <translation>Eitem ar y rhestr wirio</translation>
    </message>
    <message>
        <location line="-16" />
        <location line="+4" />
        <location line="+4" />
        <source>Yes</source>
        <translation>Ie</translation>
    </message>
    <message>
        <location line="-8" />
        <location line="+4" />
        <location line="+4" />
        <source>No</source>
        <translation>Na</translation>
    </message>
    <message>
        <location line="-8" />
        <source>Not applicable</source>
        <translation>Amherthnasol</translation>
    </message>
    <message>
        <location line="+0" />
        <location line="+4" />
        <location line="+4" />
        <source>Rate</source>
        <translation>Cyfradd</translation>
    </message>
    <message>
        <location line="-5" />
        <source>Compliance by operator</source>
        <translation>Cydymffurfiaeth fesul gweithredwr</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+10" />
        <source>Operator</source>
        <translation>Gweithredwr</translation>
    </message>
    <message>
        <location line="-10" />
        <location line="+4" />
        <source>Logs sampled</source>
        <translation>Cofnodion a samplwyd</translation>
    </message>
    <message>
        <location line="-1" />
        <source>Compliance by month</source>
        <translation>Cydymffurfiaeth fesul mis</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Month</source>
        <translation>Mis</translation>
    </message>
    <message>
        <location line="+4" />
        <source>No notes by operator, for feedback</source>
        <translation>Nodiadau Na fesul gweithredwr, ar gyfer adborth</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Log</source>
        <translation>Cofnod</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Marked</source>
        <translation>Marciwyd</translation>
    </message>
    <message>
        <location line="+1" />
        <source>What was missing</source>
        <translation>Beth oedd ar goll</translation>
    </message>
    <message>
        <location line="+67" />
        <source>The period is the wrong way round: To ({0}) is before From ({1}). Change one of the dates and run again.</source>
        <translation>Mae'r cyfnod y ffordd anghywir: mae I ({0}) cyn O ({1}). Newidiwch un o'r dyddiadau a rhedeg eto.</translation>
    </message>
    <message>
        <location line="+18" />
        <source>Running the reports for {0} to {1}…</source>
        <translation>Wrthi'n rhedeg yr adroddiadau ar gyfer {0} i {1}…</translation>
    </message>
    <message>
        <location line="+18" />
        <source>The reports could not be run: {0}</source>
        <translation>Nid oedd modd rhedeg yr adroddiadau: {0}</translation>
    </message>
    <message>
        <location line="+5" />
        <source>What the compliance report read</source>
        <translation>Yr hyn a ddarllenwyd gan yr adroddiad cydymffurfiaeth</translation>
    </message>
    <message>
        <location line="-92" />
        <source>By checklist item</source>
        <translation>Fesul eitem ar y rhestr wirio</translation>
    </message>
    <message>
        <location line="+1" />
        <source>By operator</source>
        <translation>Fesul gweithredwr</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+147" />
        <source>By month</source>
        <translation>Fesul mis</translation>
    </message>
    <message>
        <location line="-146" />
        <source>Chart</source>
        <translation>Siart</translation>
    </message>
    <message>
        <location line="+5" />
        <source>'No' notes by operator, for feedback</source>
        <translation>Nodiadau 'Na' fesul gweithredwr, ar gyfer adborth</translation>
    </message>
    <message>
        <location line="+8" />
        <location line="+13" />
        <location line="+155" />
        <source>Repeat locations</source>
        <translation>Lleoliadau mynych</translation>
    </message>
    <message>
        <location line="-167" />
        <location line="+3" />
        <location line="+3" />
        <source>Rank</source>
        <translation>Safle</translation>
    </message>
    <message>
        <location line="-6" />
        <source>Location</source>
        <translation>Lleoliad</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Postcode</source>
        <translation>Cod post</translation>
    </message>
    <message>
        <location line="+0" />
        <location line="+3" />
        <location line="+3" />
        <source>Incidents</source>
        <translation>Digwyddiadau</translation>
    </message>
    <message>
        <location line="-3" />
        <location line="+10" />
        <location line="+155" />
        <source>Repeat callers</source>
        <translation>Galwyr mynych</translation>
    </message>
    <message>
        <location line="-165" />
        <source>Caller</source>
        <translation>Galwr</translation>
    </message>
    <message>
        <location line="+3" />
        <location line="+8" />
        <location line="+155" />
        <source>Top incident codes</source>
        <translation>Prif godau digwyddiad</translation>
    </message>
    <message>
        <location line="-163" />
        <source>Incident code</source>
        <translation>Cod digwyddiad</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Incidents by postcode district and week</source>
        <translation>Digwyddiadau fesul dosbarth cod post ac wythnos</translation>
    </message>
    <message>
        <location line="+0" />
        <location line="+168" />
        <source>District</source>
        <translation>Dosbarth</translation>
    </message>
    <message>
        <location line="-160" />
        <source>Incidents by postcode district and ISO week</source>
        <translation>Digwyddiadau fesul dosbarth cod post ac wythnos ISO</translation>
    </message>
    <message>
        <location line="+79" />
        <source>{0} sampled log</source>
        <translation>{0} cofnod a samplwyd</translation>
    </message>
    <message>
        <location line="+0" />
        <location line="+174" />
        <source>{0} sampled logs</source>
        <translation>{0} cofnod a samplwyd</translation>
    </message>
    <message>
        <location line="-173" />
        <source>{0} mark read</source>
        <translation>{0} marc wedi'i ddarllen</translation>
    </message>
    <message>
        <location line="+0" />
        <source>{0} marks read</source>
        <translation>{0} marc wedi'u darllen</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Reports for {0}: {1} ({2}, {3} counted), {4} with a location. </source>
        <translation>Adroddiadau ar gyfer {0}: {1} ({2}, {3} wedi'u cyfrif), {4} gyda lleoliad. </translation>
    </message>
    <message>
        <location line="+3" />
        <source>Save: Ctrl+Shift+C compliance CSV, Ctrl+Shift+P compliance PDF, Ctrl+Shift+H hotspots CSV.</source>
        <translation>Cadw: Ctrl+Shift+C CSV cydymffurfiaeth, Ctrl+Shift+P PDF cydymffurfiaeth, Ctrl+Shift+H CSV mannau problemus.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>{0} incident</source>
        <translation>{0} digwyddiad</translation>
    </message>
    <message>
        <location line="+0" />
        <source>{0} incidents</source>
        <translation>{0} digwyddiad</translation>
    </message>
    <message>
        <location line="+4" />
        <source>{0} to {1}</source>
        <translation>{0} i {1}</translation>
    </message>
    <message>
        <location line="+18" />
        <source>By operator ({0})</source>
        <translation>Fesul gweithredwr ({0})</translation>
    </message>
    <message>
        <location line="+2" />
        <source>By operator: no logs sampled in this period</source>
        <translation>Fesul gweithredwr: dim cofnodion wedi'u samplu yn y cyfnod hwn</translation>
    </message>
    <message>
        <location line="+3" />
        <source>By month: no logs marked in this period</source>
        <translation>Fesul mis: dim cofnodion wedi'u marcio yn y cyfnod hwn</translation>
    </message>
    <message>
        <location line="+15" />
        <source>'No' notes by operator, for feedback ({0})</source>
        <translation>Nodiadau 'Na' fesul gweithredwr, ar gyfer adborth ({0})</translation>
    </message>
    <message>
        <location line="+2" />
        <source>'No' notes by operator: no check was marked no in this period</source>
        <translation>Nodiadau 'Na' fesul gweithredwr: ni chafodd unrhyw wiriad ei farcio'n 'na' yn y cyfnod hwn</translation>
    </message>
    <message>
        <location line="+5" />
        <source>{0}. Read: {1}.</source>
        <translation>{0}. Darllenwyd: {1}.</translation>
    </message>
    <message>
        <location line="+17" />
        <source>{0}: none in this period</source>
        <translation>{0}: dim yn y cyfnod hwn</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Total</source>
        <translation>Cyfanswm</translation>
    </message>
    <message>
        <location line="+11" />
        <source>{0}, week {1}: {2}</source>
        <translation>{0}, wythnos {1}: {2}</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Incidents by postcode district and ISO week (the deeper the shade, the more incidents)</source>
        <translation>Digwyddiadau fesul dosbarth cod post ac wythnos ISO (po dywyllaf y lliw, mwyaf o ddigwyddiadau)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Incidents by postcode district and ISO week: none in this period</source>
        <translation>Digwyddiadau fesul dosbarth cod post ac wythnos ISO: dim yn y cyfnod hwn</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Run the reports first (Ctrl+Enter), then save the {0}.</source>
        <translation>Rhedwch yr adroddiadau yn gyntaf (Ctrl+Enter), yna cadwch y {0}.</translation>
    </message>
    <message>
        <location line="+10" />
        <source>The {0} could not be saved: {1}</source>
        <translation>Nid oedd modd cadw'r {0}: {1}</translation>
    </message>
    <message>
        <location line="+3" />
        <source>{0}{1} saved to {2}</source>
        <translation>{0}{1} wedi'i gadw yn {2}</translation>
    </message>
    <message>
        <location line="+12" />
        <source>compliance CSV</source>
        <translation>CSV cydymffurfiaeth</translation>
    </message>
    <message>
        <location line="+11" />
        <source>compliance PDF</source>
        <translation>PDF cydymffurfiaeth</translation>
    </message>
    <message>
        <location line="+11" />
        <source>hotspots CSV</source>
        <translation>CSV mannau problemus</translation>
    </message>
    <message>
        <location line="+18" />
        <source>1 sample</source>
        <translation>1 sampl</translation>
    </message>
    <message>
        <location line="+1" />
        <source>{0} samples</source>
        <translation>{0} sampl</translation>
    </message>
    <message>
        <location line="+1" />
        <source>1 sampled log</source>
        <translation>1 cofnod a samplwyd</translation>
    </message>
    <message>
        <location line="+2" />
        <source>1 mark</source>
        <translation>1 marc</translation>
    </message>
    <message>
        <location line="+1" />
        <source>{0} marks</source>
        <translation>{0} marc</translation>
    </message>
    <message>
        <location line="+1" />
        <source>1 earlier mark</source>
        <translation>1 marc cynharach</translation>
    </message>
    <message>
        <location line="+1" />
        <source>{0} earlier marks</source>
        <translation>{0} marc cynharach</translation>
    </message>
    <message>
        <location line="+12" />
        <source>{0}, {1}, {2} read; {3} counted (each log's latest mark per checklist item; {4} of logs sampled more than once left out)</source>
        <translation>{0}, {1}, {2} wedi'u darllen; {3} wedi'u cyfrif (marc diweddaraf pob cofnod fesul eitem ar y rhestr wirio; {4} o gofnodion a samplwyd fwy nag unwaith wedi'u gadael allan)</translation>
    </message>
    <message>
        <location line="+4" />
        <source>{0}, {1}, {2} read; {3} counted (each log's latest mark per checklist item)</source>
        <translation>{0}, {1}, {2} wedi'u darllen; {3} wedi'u cyfrif (marc diweddaraf pob cofnod fesul eitem ar y rhestr wirio)</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Run by {0}</source>
        <translation>Rhedwyd gan {0}</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Run by {0} on {1}</source>
        <translation>Rhedwyd gan {0} ar {1}</translation>
    </message>
</context>
<context>
    <name>SamplePage</name>
    <message>
        <location filename="../../asbdesk/gui/sampling.py" line="+117" />
        <source>From: first day of the period</source>
        <translation>O: diwrnod cyntaf y cyfnod</translation>
    </message>
    <message>
        <location line="+1" />
        <source>To: last day of the period (inclusive)</source>
        <translation>I: diwrnod olaf y cyfnod (yn gynwysedig)</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Size: how many logs to sample</source>
        <translation>Maint: faint o gofnodion i'w samplu</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Seed: the same seed draws the same sample again</source>
        <translation>Hedyn: mae'r un hedyn yn tynnu'r un sampl eto</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Draw (Ctrl+D)</source>
        <translation>Tynnu (Ctrl+D)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Draw the sample</source>
        <translation>Tynnu'r sampl</translation>
    </message>
    <message>
        <location line="+5" />
        <source>From</source>
        <translation>O</translation>
    </message>
    <message>
        <location line="+1" />
        <source>To</source>
        <translation>I</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Size</source>
        <translation>Maint</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Seed</source>
        <translation>Hedyn</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Samples drawn before (Ctrl+L)</source>
        <translation>Samplau a dynnwyd o'r blaen (Ctrl+L)</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Sampled logs (Ctrl+G; Ctrl+Down and Ctrl+Up from anywhere)</source>
        <translation>Cofnodion a samplwyd (Ctrl+G; Ctrl+Down a Ctrl+Up o unrhyw le)</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Samples drawn (Ctrl+L)</source>
        <translation>Samplau a dynnwyd (Ctrl+L)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Sampled logs (Ctrl+G)</source>
        <translation>Cofnodion a samplwyd (Ctrl+G)</translation>
    </message>
    <message>
        <location line="+3" />
        <location line="+435" />
        <location line="+6" />
        <source>No log open</source>
        <translation>Dim cofnod ar agor</translation>
    </message>
    <message>
        <location line="-436" />
        <source>The sampled log, read-only (Ctrl+R)</source>
        <translation>Y cofnod a samplwyd, darllen yn unig (Ctrl+R)</translation>
    </message>
    <message>
        <location line="+18" />
        <source>Checklist (Ctrl+K)</source>
        <translation>Rhestr wirio (Ctrl+K)</translation>
    </message>
    <message>
        <location line="+5" />
        <source>How to mark a check</source>
        <translation>Sut i farcio gwiriad</translation>
    </message>
    <message>
        <location line="+302" />
        <source>Not drawn: nothing was changed</source>
        <translation>Heb ei dynnu: ni newidiwyd dim</translation>
    </message>
    <message>
        <location line="+258" />
        <source>A 'no' needs a note: say what was missing for '{0}', then press Enter (Esc cancels the 'no')</source>
        <translation>Mae angen nodyn ar 'na': dywedwch beth oedd ar goll ar gyfer '{0}', yna pwyswch Enter (mae Esc yn canslo'r 'na')</translation>
    </message>
    <message>
        <location line="+15" />
        <source>The 'no' on check {0} was not saved: nothing was changed</source>
        <translation>Ni chafodd y 'na' ar wiriad {0} ei gadw: ni newidiwyd dim</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Type what was missing, then Enter saves the 'no' (Esc cancels it); Tab stays in the note</source>
        <translation>Teipiwch beth oedd ar goll, yna mae Enter yn cadw'r 'na' (mae Esc yn ei ganslo); mae Tab yn aros yn y nodyn</translation>
    </message>
    <message>
        <location line="-547" />
        <location line="+93" />
        <location line="+9" />
        <source>Refused</source>
        <translation>Gwrthodwyd</translation>
    </message>
    <message>
        <location line="-513" />
        <source>Yes</source>
        <translation>Ie</translation>
    </message>
    <message>
        <location line="+1" />
        <source>No</source>
        <translation>Na</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Not applicable</source>
        <translation>Amherthnasol</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Y yes · A not applicable · N no, then type what was missing and press Enter</source>
        <translation>Y ie · A amherthnasol · N na, yna teipiwch beth oedd ar goll a phwyswch Enter</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Y yes · A not applicable · N no, then type what was missing and press Enter · Up/Down between checks</source>
        <translation>Y ie · A amherthnasol · N na, yna teipiwch beth oedd ar goll a phwyswch Enter · Up/Down rhwng gwiriadau</translation>
    </message>
    <message>
        <location line="+4" />
        <source>What was missing? Enter saves the 'no' · Esc cancels it</source>
        <translation>Beth oedd ar goll? Mae Enter yn cadw'r 'na' · mae Esc yn ei ganslo</translation>
    </message>
    <message>
        <location line="+2" />
        <source>a ring back</source>
        <translation>alwad yn ôl</translation>
    </message>
    <message>
        <location line="+1" />
        <source>an e-mail</source>
        <translation>e-bost</translation>
    </message>
    <message>
        <location line="+1" />
        <source>a visit</source>
        <translation>ymweliad</translation>
    </message>
    <message>
        <location line="+3" />
        <source>reached</source>
        <translation>wedi cael gafael ar y galwr</translation>
    </message>
    <message>
        <location line="+1" />
        <source>not reached</source>
        <translation>heb gael gafael ar y galwr</translation>
    </message>
    <message>
        <location line="+1" />
        <source>declined</source>
        <translation>y galwr wedi gwrthod</translation>
    </message>
    <message>
        <location line="+361" />
        <source>Note on check {0}: {1}</source>
        <translation>Nodyn ar wiriad {0}: {1}</translation>
    </message>
    <message>
        <location line="+29" />
        <source>No sample open: Ctrl+D draws one</source>
        <translation>Dim sampl ar agor: mae Ctrl+D yn tynnu un</translation>
    </message>
    <message>
        <location line="+0" />
        <location line="+84" />
        <source>Sample status</source>
        <translation>Statws y sampl</translation>
    </message>
    <message>
        <location line="-57" />
        <source>Draw a sample</source>
        <translation>Tynnu sampl</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Period, size and seed</source>
        <translation>Cyfnod, maint a hedyn</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Samples drawn before</source>
        <translation>Samplau a dynnwyd o'r blaen</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Sampled logs</source>
        <translation>Cofnodion a samplwyd</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Next sampled log</source>
        <translation>Y cofnod nesaf a samplwyd</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Previous sampled log</source>
        <translation>Y cofnod blaenorol a samplwyd</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Read the log</source>
        <translation>Darllen y cofnod</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The checklist</source>
        <translation>Y rhestr wirio</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Mark the check: {0}</source>
        <translation>Marcio'r gwiriad: {0}</translation>
    </message>
    <message>
        <location line="+96" />
        <location line="+292" />
        <source>; logs already sampled allowed</source>
        <translation>; cofnodion a samplwyd eisoes wedi'u caniatáu</translation>
    </message>
    <message>
        <location line="-290" />
        <source>; {0} already sampled left out</source>
        <translation>; {0} a samplwyd eisoes wedi'u gadael allan</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Sample {0}: {1} to {2}, {3} logs, seed {4}, by {5} — {6} of {7} checks marked{8}</source>
        <translation>Sampl {0}: {1} i {2}, {3} cofnod, hedyn {4}, gan {5} — {6} o {7} gwiriad wedi'u marcio{8}</translation>
    </message>
    <message>
        <location line="+35" />
        <source>Opening sample {0}…</source>
        <translation>Wrthi'n agor sampl {0}…</translation>
    </message>
    <message>
        <location line="+19" />
        <source>Drawing from {0} to {1}…</source>
        <translation>Wrthi'n tynnu o {0} i {1}…</translation>
    </message>
    <message>
        <location line="+23" />
        <source>sample {0} ({1} to {2}, drawn by {3}) holds {4}</source>
        <translation>mae sampl {0} ({1} i {2}, wedi'i dynnu gan {3}) yn cynnwys {4}</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Logs already sampled</source>
        <translation>Cofnodion a samplwyd eisoes</translation>
    </message>
    <message>
        <location line="+2" />
        <source>{0} of the {1} logs taken from {2} to {3} are already in an overlapping sample: {4}.</source>
        <translation>Mae {0} o'r {1} cofnod a gymerwyd rhwng {2} a {3} eisoes mewn sampl sy'n gorgyffwrdd: {4}.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>A log in two samples would be marked twice. </source>
        <translation>Byddai cofnod mewn dau sampl yn cael ei farcio ddwywaith. </translation>
    </message>
    <message>
        <location line="+2" />
        <source>Enter draws from the {0} not yet sampled; </source>
        <translation>Mae Enter yn tynnu o'r {0} sydd heb eu samplu eto; </translation>
    </message>
    <message>
        <location line="+2" />
        <source>Every log of the period is already sampled; </source>
        <translation>Mae pob cofnod yn y cyfnod wedi'i samplu eisoes; </translation>
    </message>
    <message>
        <location line="+3" />
        <source>Alt+A allows logs already sampled (the sample records it; compliance counts each log's latest mark once); Esc cancels.</source>
        <translation>Mae Alt+A yn caniatáu cofnodion a samplwyd eisoes (mae'r sampl yn cofnodi hynny; mae cydymffurfiaeth yn cyfrif marc diweddaraf pob cofnod unwaith); mae Esc yn canslo.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Draw from the {0} not yet sampled</source>
        <translation>Tynnu o'r {0} sydd heb eu samplu eto</translation>
    </message>
    <message>
        <location line="+4" />
        <source>&amp;Allow logs already sampled</source>
        <translation>C&amp;aniatáu cofnodion a samplwyd eisoes</translation>
    </message>
    <message>
        <location line="+29" />
        <source>Drawing {0} logs from {1} to {2} with seed {3}…</source>
        <translation>Wrthi'n tynnu {0} cofnod o {1} i {2} gyda hedyn {3}…</translation>
    </message>
    <message>
        <location line="+42" />
        <source>{0}. {1} · {2} · {3} · {4}/{5} marked</source>
        <translation>{0}. {1} · {2} · {3} · {4}/{5} wedi'u marcio</translation>
    </message>
    <message>
        <location line="+26" />
        <source>The log could not be opened: {0}</source>
        <translation>Nid oedd modd agor y cofnod: {0}</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Opening the log…</source>
        <translation>Wrthi'n agor y cofnod…</translation>
    </message>
    <message>
        <location line="+10" />
        <source>No sample open: Ctrl+D draws one, Ctrl+L opens one drawn before</source>
        <translation>Dim sampl ar agor: mae Ctrl+D yn tynnu un, mae Ctrl+L yn agor un a dynnwyd o'r blaen</translation>
    </message>
    <message>
        <location line="+23" />
        <source> — also in sample {0} (compliance counts its latest mark)</source>
        <translation> — hefyd yn sampl {0} (mae cydymffurfiaeth yn cyfrif ei farc diweddaraf)</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Log {0} of {1}: {2}, taken by {3} on {4}, rated {5}{6}</source>
        <translation>Cofnod {0} o {1}: {2}, wedi'i gymryd gan {3} ar {4}, RAG {5}{6}</translation>
    </message>
    <message>
        <location line="+16" />
        <source>Saving: {0}…</source>
        <translation>Wrthi'n cadw: {0}…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>{0} No: waiting for the note (type what was missing, then Enter; Esc cancels)</source>
        <translation>{0} Na: yn aros am y nodyn (teipiwch beth oedd ar goll, yna Enter; mae Esc yn canslo)</translation>
    </message>
    <message>
        <location line="+4" />
        <source>{0} {1} (saved)</source>
        <translation>{0} {1} (wedi'i gadw)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Not marked</source>
        <translation>Heb ei farcio</translation>
    </message>
    <message>
        <location line="+18" />
        <source>; {0} logs already sampled left out</source>
        <translation>; {0} cofnod a samplwyd eisoes wedi'u gadael allan</translation>
    </message>
    <message>
        <location line="+5" />
        <source>{0} of {1} logs fully marked — sample {2}, {3} to {4}, seed {5}{6}</source>
        <translation>{0} o {1} cofnod wedi'u marcio'n llawn — sampl {2}, {3} i {4}, hedyn {5}{6}</translation>
    </message>
    <message>
        <location line="+51" />
        <source>'{0}' does nothing on a check, and nothing was marked: {1}</source>
        <translation>Nid yw '{0}' yn gwneud dim ar wiriad, ac ni farciwyd dim: {1}</translation>
    </message>
    <message>
        <location line="+11" />
        <location line="+20" />
        <source>No log open: Ctrl+D draws a sample, Ctrl+L opens one drawn before</source>
        <translation>Dim cofnod ar agor: mae Ctrl+D yn tynnu sampl, mae Ctrl+L yn agor un a dynnwyd o'r blaen</translation>
    </message>
    <message>
        <location line="+52" />
        <source>Not saved: {0}</source>
        <translation>Heb ei gadw: {0}</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Check {0} saved: {1}.</source>
        <translation>Gwiriad {0} wedi'i gadw: {1}.</translation>
    </message>
    <message>
        <location line="+4" />
        <source> Now on {0}. {1}.</source>
        <translation> Nawr ar {0}. {1}.</translation>
    </message>
    <message>
        <location line="+3" />
        <source> Hint: {0}</source>
        <translation> Awgrym: {0}</translation>
    </message>
</context>
<context>
    <name>ScenarioPicker</name>
    <message>
        <location filename="../../asbdesk/gui/training.py" line="-207" />
        <source>Scenario</source>
        <translation>Senario</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Pack</source>
        <translation>Pecyn</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Channel</source>
        <translation>Sianel</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Rare, high harm</source>
        <translation>Prin, niwed uchel</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Seed</source>
        <translation>Dogfen hadu</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Training scenarios</source>
        <translation>Senarios hyfforddiant</translation>
    </message>
    <message>
        <location line="+8" />
        <source>walk-in</source>
        <translation>wrth y cownter</translation>
    </message>
    <message>
        <location line="+0" />
        <source>phone</source>
        <translation>ffôn</translation>
    </message>
    <message>
        <location line="+1" />
        <source>RARE, HIGH HARM</source>
        <translation>PRIN, NIWED UCHEL</translation>
    </message>
    <message>
        <location line="+19" />
        <source>Not offered: {0}</source>
        <translation>Heb ei gynnig: {0}</translation>
    </message>
    <message>
        <location line="+52" />
        <source>&lt;b&gt;{0}&lt;/b&gt; (pack {1})&lt;br&gt;&lt;b&gt;Objectives:&lt;/b&gt; {2}&lt;br&gt;&lt;small&gt;&lt;b&gt;Source:&lt;/b&gt; {3}&lt;/small&gt;</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt; (pecyn {1})&lt;br&gt;&lt;b&gt;Amcanion:&lt;/b&gt; {2}&lt;br&gt;&lt;small&gt;&lt;b&gt;Ffynhonnell:&lt;/b&gt; {3}&lt;/small&gt;</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Learning objectives</source>
        <translation>Amcanion dysgu</translation>
    </message>
    <message>
        <location line="+22" />
        <source>The trainer sheet was not saved: {0}</source>
        <translation>Ni chafodd taflen yr hyfforddwr ei chadw: {0}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Trainer sheet saved to {0}</source>
        <translation>Taflen yr hyfforddwr wedi'i chadw yn {0}</translation>
    </message>
    <message>
        <location line="-82" />
        <source>Up/Down to choose · Enter to start · Alt+S trainer sheet (PDF) · Esc to quit</source>
        <translation>Up/Down i ddewis · Enter i ddechrau · Alt+S taflen yr hyfforddwr (PDF) · Esc i adael</translation>
    </message>
    <message>
        <location line="-36" />
        <source>{0} — pick a scenario</source>
        <translation>{0} — dewiswch senario</translation>
    </message>
    <message>
        <location line="+1" />
        <source>{0}: pick a scenario</source>
        <translation>{0}: dewiswch senario</translation>
    </message>
    <message>
        <location line="+37" />
        <source>Start (Enter)</source>
        <translation>Dechrau (Enter)</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Trainer sheet PDF (Alt+S)</source>
        <translation>PDF taflen yr hyfforddwr (Alt+S)</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Quit (Esc)</source>
        <translation>Gadael (Esc)</translation>
    </message>
    <message>
        <location line="+33" />
        <source>No scenario is shipped.</source>
        <translation>Nid oes senario wedi'i gynnwys.</translation>
    </message>
</context>
<context>
    <name>ScorecardDialog</name>
    <message>
        <location line="+176" />
        <source>{0} — scorecard: {1}</source>
        <translation>{0} — cerdyn sgorio: {1}</translation>
    </message>
    <message>
        <location line="+6" />
        <source>&lt;h2&gt;Score: {0}%&lt;/h2&gt;&lt;p&gt;{1} of {2} items met · {3} · trainee {4} · taken {5}&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Sgôr: {0}%&lt;/h2&gt;&lt;p&gt;{1} o {2} eitem wedi'u bodloni · {3} · hyfforddai {4} · cymerwyd {5}&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Score {0} per cent: {1} of {2} items met, {3}, trainee {4}.</source>
        <translation>Sgôr {0} y cant: {1} o {2} eitem wedi'u bodloni, {3}, hyfforddai {4}.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Item</source>
        <translation>Eitem</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Result</source>
        <translation>Canlyniad</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Expected</source>
        <translation>Disgwyliedig</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Done</source>
        <translation>A wnaed</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Why (and the source)</source>
        <translation>Pam (a'r ffynhonnell)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Scorecard</source>
        <translation>Cerdyn sgorio</translation>
    </message>
    <message>
        <location line="+26" />
        <source>Time taken: {0} s</source>
        <translation>Amser a gymerwyd: {0} e</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Key presses: {0}</source>
        <translation>Gwasgiadau bysell: {0}</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Save as PDF</source>
        <translation>Cadw fel PDF</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Save as CSV</source>
        <translation>Cadw fel CSV</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Back to the scenarios</source>
        <translation>Yn ôl i'r senarios</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Close (Esc)</source>
        <translation>Cau (Esc)</translation>
    </message>
    <message>
        <location line="+42" />
        <source>The PDF was not saved: {0}</source>
        <translation>Ni chafodd y PDF ei gadw: {0}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Scorecard PDF saved to {0}</source>
        <translation>PDF y cerdyn sgorio wedi'i gadw yn {0}</translation>
    </message>
    <message>
        <location line="+11" />
        <source>The CSV was not saved: {0}</source>
        <translation>Ni chafodd y CSV ei gadw: {0}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Scorecard CSV saved to {0}</source>
        <translation>CSV y cerdyn sgorio wedi'i gadw yn {0}</translation>
    </message>
</context>
<context>
    <name>SupervisorWindow</name>
    <message>
        <location filename="../../asbdesk/gui/supervisor.py" line="+266" />
        <source>Counting…</source>
        <translation>Wrthi'n cyfrif…</translation>
    </message>
    <message>
        <location line="+333" />
        <source>Items waiting in each queue</source>
        <translation>Eitemau'n aros ym mhob ciw</translation>
    </message>
    <message>
        <location line="-311" />
        <source>&amp;Queues</source>
        <translation>Ciwiau (&amp;Q)</translation>
    </message>
    <message>
        <location line="-67" />
        <source>asbdesk supervisor – {0}</source>
        <translation>asbdesk goruchwyliwr – {0}</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Supervisor's queues and pages (Ctrl+1 … Ctrl+8)</source>
        <translation>Ciwiau a thudalennau'r goruchwyliwr (Ctrl+1 … Ctrl+8)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Supervisor's queues and pages</source>
        <translation>Ciwiau a thudalennau'r goruchwyliwr</translation>
    </message>
    <message>
        <location line="+6" />
        <location line="+373" />
        <source>Just done</source>
        <translation>Newydd ei wneud</translation>
    </message>
    <message>
        <location line="-315" />
        <source>&amp;Decide</source>
        <translation>Pen&amp;derfynu</translation>
    </message>
    <message>
        <location line="+24" />
        <source>Reload the queue and the counts</source>
        <translation>Ail-lwytho'r ciw a'r niferoedd</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Undo last decision</source>
        <translation>Dadwneud y penderfyniad diwethaf</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Authorise the flag…</source>
        <translation>Awdurdodi'r faner…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Refuse the flag…</source>
        <translation>Gwrthod y faner…</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Maintain the flag (monthly review)…</source>
        <translation>Cynnal y faner (adolygiad misol)…</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Remove the flag…</source>
        <translation>Dileu'r faner…</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Agree with the override…</source>
        <translation>Cytuno â'r diystyru…</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Disagree with the override…</source>
        <translation>Anghytuno â'r diystyru…</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Allocate the re-contact to an officer…</source>
        <translation>Neilltuo'r ailgysylltu i swyddog…</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Record an attempt at the re-contact…</source>
        <translation>Cofnodi ymgais i ailgysylltu…</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Record the re-contact's outcome…</source>
        <translation>Cofnodi canlyniad yr ailgysylltu…</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Record the occurrence reference…</source>
        <translation>Cofnodi cyfeirnod yr achos…</translation>
    </message>
    <message>
        <location line="+17" />
        <source>Undo: {0}</source>
        <translation>Dadwneud: {0}</translation>
    </message>
    <message>
        <location line="+144" />
        <source>{0} is no longer in {1}: decided meanwhile, or no longer listed.</source>
        <translation>Nid yw {0} yn y ciw {1} mwyach: penderfynwyd arno yn y cyfamser, neu nid yw wedi'i restru mwyach.</translation>
    </message>
    <message>
        <location line="+15" />
        <source>Nothing is waiting in {0}.</source>
        <translation>Nid oes dim yn aros yn y ciw {0}.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>No active flag is listed.</source>
        <translation>Nid oes baner weithredol wedi'i rhestru.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Now on: {0}.</source>
        <translation>Nawr ar: {0}.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Now on: nothing: {0} is empty.</source>
        <translation>Nawr ar: dim: mae'r ciw {0} yn wag.</translation>
    </message>
    <message>
        <location line="+24" />
        <source>{0} cannot be shown: {1}</source>
        <translation>Nid oes modd dangos {0}: {1}</translation>
    </message>
    <message>
        <location line="+18" />
        <source>Queues not counted</source>
        <translation>Ciwiau heb eu cyfrif</translation>
    </message>
    <message>
        <location line="+36" />
        <source>{0}

Reading the details…</source>
        <translation>{0}

Wrthi'n darllen y manylion…</translation>
    </message>
    <message>
        <location line="+22" />
        <source>{0}

No details: {1}</source>
        <translation>{0}

Dim manylion: {1}</translation>
    </message>
    <message>
        <location line="+83" />
        <source>Recording…</source>
        <translation>Wrthi'n cofnodi…</translation>
    </message>
    <message>
        <location line="+46" />
        <source>Type it · Ctrl+Enter records · Esc cancels</source>
        <translation>Teipiwch ef · Ctrl+Enter i gofnodi · Esc i ganslo</translation>
    </message>
    <message>
        <location line="+15" />
        <source>Authorise the flag</source>
        <translation>Awdurdodi'r faner</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Necessity</source>
        <translation>A&amp;ngen</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Why the flag is necessary (required)</source>
        <translation>Pam mae angen y faner (gofynnol)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Flag {0} authorised: {1} is told; monthly review due {2}.</source>
        <translation>Baner {0} wedi'i hawdurdodi: mae {1} yn cael gwybod; adolygiad misol yn ddyledus ar {2}.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>{0}

Authorised, it is reviewed monthly: the first review is due {1}.</source>
        <translation>{0}

Wedi'i hawdurdodi, caiff ei hadolygu bob mis: mae'r adolygiad cyntaf yn ddyledus ar {1}.</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Refuse the flag</source>
        <translation>Gwrthod y faner</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+26" />
        <source>&amp;Reason</source>
        <translation>&amp;Rheswm</translation>
    </message>
    <message>
        <location line="-25" />
        <source>Why it is refused (required; the requester sees it)</source>
        <translation>Pam y caiff ei gwrthod (gofynnol; bydd y sawl a wnaeth y cais yn ei weld)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Flag {0} refused: {1} is told why.</source>
        <translation>Baner {0} wedi'i gwrthod: mae {1} yn cael gwybod pam.</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Maintain the flag</source>
        <translation>Cynnal y faner</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Note</source>
        <translation>&amp;Nodyn</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Why the flag stays (required)</source>
        <translation>Pam mae'r faner yn aros (gofynnol)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Flag {0} maintained: next review due {1}.</source>
        <translation>Baner {0} wedi'i chynnal: adolygiad nesaf yn ddyledus ar {1}.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>{0}

Maintained, its next review is due {1}.</source>
        <translation>{0}

Wedi'i chynnal, mae'r adolygiad nesaf yn ddyledus ar {1}.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Remove the flag</source>
        <translation>Dileu'r faner</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Why the flag is removed (required)</source>
        <translation>Pam mae'r faner yn cael ei dileu (gofynnol)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Flag {0} removed.</source>
        <translation>Baner {0} wedi'i dileu.</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Agree with the override</source>
        <translation>Cytuno â'r diystyru</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Override on {0} agreed: the operator sees your comment at their next sign-in.</source>
        <translation>Cytunwyd â'r diystyru ar {0}: bydd y gweithredwr yn gweld eich sylw y tro nesaf y bydd yn mewngofnodi.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>agreed with the override on {0}</source>
        <translation>cytunwyd â'r diystyru ar {0}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>an override's review is not undone here: the operator has been told</source>
        <translation>nid oes modd dadwneud adolygiad o ddiystyru yma: mae'r gweithredwr wedi cael gwybod</translation>
    </message>
    <message>
        <location line="+15" />
        <source>Re-grade to</source>
        <translation>Ailraddio i</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Reading the values…</source>
        <translation>Wrthi'n darllen y gwerthoedd…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Comment</source>
        <translation>Sylw</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Override on {0} disagreed: {1}; log amended, operator told.</source>
        <translation>Anghytunwyd â'r diystyru ar {0}: {1}; y cofnod wedi'i ddiwygio, y gweithredwr wedi cael gwybod.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>disagreed with the override on {0}</source>
        <translation>anghytunwyd â'r diystyru ar {0}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>a re-grade is not undone here: the log is amended for good and the operator told</source>
        <translation>nid oes modd dadwneud ailraddio yma: mae'r cofnod wedi'i ddiwygio'n barhaol ac mae'r gweithredwr wedi cael gwybod</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Disagree with the override</source>
        <translation>Anghytuno â'r diystyru</translation>
    </message>
    <message>
        <location line="-48" />
        <location line="+49" />
        <source>&amp;Comment</source>
        <translation>Sylw (&amp;C)</translation>
    </message>
    <message>
        <location line="-48" />
        <location line="+25" />
        <source>Your comment (required; the operator sees it at their next sign-in)</source>
        <translation>Eich sylw (gofynnol; bydd y gweithredwr yn ei weld y tro nesaf y bydd yn mewngofnodi)</translation>
    </message>
    <message>
        <location line="+23" />
        <source>&amp;Re-grade to</source>
        <translation>Ail&amp;raddio i</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Up/Down chooses the value · Tab to the comment · Ctrl+Enter records · Esc cancels</source>
        <translation>Up/Down i ddewis y gwerth · Tab i'r sylw · Ctrl+Enter i gofnodi · Esc i ganslo</translation>
    </message>
    <message>
        <location line="+3" />
        <source>{0}

Disagreeing re-grades the contact: its call is assessed again with the value you choose, the log is amended (never rewritten), the follow-up the new grade needs is opened and the operator is told.</source>
        <translation>{0}

Mae anghytuno yn ailraddio'r cyswllt: caiff ei alwad ei hasesu eto gyda'r gwerth a ddewiswch, caiff y cofnod ei ddiwygio (byth ei ailysgrifennu), caiff y camau dilynol sydd eu hangen ar gyfer y radd newydd eu hagor a chaiff y gweithredwr wybod.</translation>
    </message>
    <message>
        <location line="+12" />
        <source> (computed)</source>
        <translation> (wedi'i gyfrifo)</translation>
    </message>
    <message>
        <location line="+18" />
        <source>Officer: a user or a name typed in</source>
        <translation>Swyddog: defnyddiwr neu enw wedi'i deipio</translation>
    </message>
    <message>
        <location line="+1" />
        <source>A user, or an officer's name and number (required)</source>
        <translation>Defnyddiwr, neu enw a rhif swyddog (gofynnol)</translation>
    </message>
    <message>
        <location line="+17" />
        <source>Re-contact on {0} allocated to {1}.</source>
        <translation>Ailgysylltu ar {0} wedi'i neilltuo i {1}.</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Allocate the re-contact</source>
        <translation>Neilltuo'r ailgysylltu</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+85" />
        <source>&amp;Officer</source>
        <translation>Swydd&amp;og</translation>
    </message>
    <message>
        <location line="-84" />
        <source>Type a name (users are offered) · Enter or Ctrl+Enter records · Esc cancels</source>
        <translation>Teipiwch enw (cynigir defnyddwyr) · Enter neu Ctrl+Enter i gofnodi · Esc i ganslo</translation>
    </message>
    <message>
        <location line="+41" />
        <source>Who made the attempt</source>
        <translation>Pwy wnaeth yr ymgais</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The officer allocated, unless another made it</source>
        <translation>Y swyddog a neilltuwyd, oni bai bod rhywun arall wedi'i gwneud</translation>
    </message>
    <message>
        <location line="+2" />
        <location line="+63" />
        <source>Note (optional)</source>
        <translation>Nodyn (dewisol)</translation>
    </message>
    <message>
        <location line="-63" />
        <location line="+63" />
        <source>What happened (optional)</source>
        <translation>Beth ddigwyddodd (dewisol)</translation>
    </message>
    <message>
        <location line="-56" />
        <source>Choose what came of the attempt first: {0}.</source>
        <translation>Dewiswch ganlyniad yr ymgais yn gyntaf: {0}.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Attempt on {0} recorded: {1}, by {2} at {3}.</source>
        <translation>Ymgais ar {0} wedi'i chofnodi: {1}, gan {2} am {3}.</translation>
    </message>
    <message>
        <location line="+15" />
        <source>recorded an attempt on {0} ({1})</source>
        <translation>cofnodwyd ymgais ar {0} ({1})</translation>
    </message>
    <message>
        <location line="+4" />
        <source>an attempt is kept as recorded (seed 002: "record all actions taken ... for audit purposes")</source>
        <translation>caiff ymgais ei chadw fel y'i cofnodwyd (dogfen hadu 002: "record all actions taken ... for audit purposes")</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Record an attempt at the re-contact</source>
        <translation>Cofnodi ymgais i ailgysylltu</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Result</source>
        <translation>Canlyniad</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Not&amp;e</source>
        <translation>Nodyn (&amp;E)</translation>
    </message>
    <message>
        <location line="+3" />
        <source> · Alt+O who made it · Alt+E the note · made now ({0}) · Ctrl+Enter records · Esc cancels</source>
        <translation> · Alt+O pwy a'i gwnaeth · Alt+E y nodyn · wedi'i gwneud nawr ({0}) · Ctrl+Enter i gofnodi · Esc i ganslo</translation>
    </message>
    <message>
        <location line="+22" />
        <source> · not reached (after its attempts) writes the ring-back letter for posting</source>
        <translation> · mae 'heb gael gafael' (ar ôl yr ymgeisiau) yn ysgrifennu'r llythyr galw'n ôl i'w bostio</translation>
    </message>
    <message>
        <location line="+2" />
        <source> · an e-mail re-contact gets no letter</source>
        <translation> · nid oes llythyr ar gyfer ailgysylltu drwy e-bost</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Choose the outcome first: {0}.</source>
        <translation>Dewiswch y canlyniad yn gyntaf: {0}.</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Re-contact outcome</source>
        <translation>Canlyniad yr ailgysylltu</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Outcome</source>
        <translation>Canlyniad</translation>
    </message>
    <message>
        <location line="+0" />
        <source>No&amp;te</source>
        <translation>Nodyn (&amp;T)</translation>
    </message>
    <message>
        <location line="+3" />
        <source> · Alt+T the note · Ctrl+Enter records · Esc cancels</source>
        <translation> · Alt+T y nodyn · Ctrl+Enter i gofnodi · Esc i ganslo</translation>
    </message>
    <message>
        <location line="+19" />
        <source>Re-contact on {0}: {1}.</source>
        <translation>Ailgysylltu ar {0}: {1}.</translation>
    </message>
    <message>
        <location line="+3" />
        <source> The letter for posting was saved to {0}</source>
        <translation> Cafodd y llythyr i'w bostio ei gadw yn {0}</translation>
    </message>
    <message>
        <location line="+10" />
        <source>recorded the re-contact on {0} as {1}</source>
        <translation>cofnodwyd yr ailgysylltu ar {0} fel {1}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>a re-contact's outcome is not undone here (its letter may be posted already)</source>
        <translation>nid oes modd dadwneud canlyniad ailgysylltu yma (efallai fod ei lythyr wedi'i bostio eisoes)</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Writing the letter…</source>
        <translation>Wrthi'n ysgrifennu'r llythyr…</translation>
    </message>
    <message>
        <location line="+6" />
        <source>The ring-back letter cannot be written: this asbdesk has no letter template.</source>
        <translation>Nid oes modd ysgrifennu'r llythyr galw'n ôl: nid oes gan yr asbdesk hwn dempled llythyr.</translation>
    </message>
    <message>
        <location line="+9" />
        <source>The ring-back letter cannot be written: {0}</source>
        <translation>Nid oes modd ysgrifennu'r llythyr galw'n ôl: {0}</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Occurrence reference (required)</source>
        <translation>Cyfeirnod yr achos (gofynnol)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The occurrence created for this incident (required)</source>
        <translation>Yr achos a grëwyd ar gyfer y digwyddiad hwn (gofynnol)</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Occurrence {0} recorded for {1}.</source>
        <translation>Achos {0} wedi'i gofnodi ar gyfer {1}.</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Record the occurrence</source>
        <translation>Cofnodi'r achos</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Occurrence reference</source>
        <translation>Cyfeirn&amp;od yr achos</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Enter or Ctrl+Enter records · Esc cancels</source>
        <translation>Enter neu Ctrl+Enter i gofnodi · Esc i ganslo</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Nothing left to undo in this window.</source>
        <translation>Nid oes dim ar ôl i'w ddadwneud yn y ffenestr hon.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Not undone: {0} ({1}). {2}</source>
        <translation>Heb ei ddadwneud: {0} ({1}). {2}</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Undoing: {0}…</source>
        <translation>Wrthi'n dadwneud: {0}…</translation>
    </message>
    <message>
        <location line="+16" />
        <source>Not undone: {0}. {1}</source>
        <translation>Heb ei ddadwneud: {0}. {1}</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Not undone ({0}): {1} Ctrl+Z tries again.</source>
        <translation>Heb ei ddadwneud ({0}): {1} Ctrl+Z i roi cynnig arall arni.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Ctrl+Z now undoes the decision before it: {0}.</source>
        <translation>Mae Ctrl+Z bellach yn dadwneud y penderfyniad cyn hynny: {0}.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>There is no decision before it to undo.</source>
        <translation>Nid oes penderfyniad cyn hynny i'w ddadwneud.</translation>
    </message>
    <message>
        <location line="+22" />
        <source>Dip sample</source>
        <translation>Sampl hap</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Reports</source>
        <translation>Adroddiadau</translation>
    </message>
</context>
<context>
    <name>TrainerSheet</name>
    <message>
        <location filename="../../asbdesk/gui/documents.py" line="+44" />
        <source>not answered: the caller will not say (record why, Ctrl+D)</source>
        <translation>heb ei ateb: nid yw'r galwr am ddweud (cofnodwch pam, Ctrl+D)</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Yes</source>
        <translation>Ie</translation>
    </message>
    <message>
        <location line="+2" />
        <source>No</source>
        <translation>Na</translation>
    </message>
    <message>
        <location line="+4" />
        <location line="+148" />
        <source>none</source>
        <translation>dim</translation>
    </message>
    <message>
        <location line="-101" />
        <source>walk-in at the front counter</source>
        <translation>cyswllt wyneb yn wyneb wrth y cownter blaen</translation>
    </message>
    <message>
        <location line="+2" />
        <source>phone call</source>
        <translation>galwad ffôn</translation>
    </message>
    <message>
        <location line="+3" />
        <source>RARE, HIGH HARM</source>
        <translation>PRIN, NIWED UCHEL</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Trainer sheet: {0}</source>
        <translation>Taflen yr hyfforddwr: {0}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Scenario &lt;b&gt;{0}&lt;/b&gt; · pack &lt;b&gt;{1}&lt;/b&gt; ({2}) · {3}</source>
        <translation>Senario &lt;b&gt;{0}&lt;/b&gt; · pecyn &lt;b&gt;{1}&lt;/b&gt; ({2}) · {3}</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Source: {0}</source>
        <translation>Ffynhonnell: {0}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Learning objectives</source>
        <translation>Amcanion dysgu</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The caller (you play them)</source>
        <translation>Y galwr (chi sy'n chwarae'r rhan)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Name</source>
        <translation>Enw</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Phone</source>
        <translation>Ffôn</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Address</source>
        <translation>Cyfeiriad</translation>
    </message>
    <message>
        <location line="+7" />
        <source>On record</source>
        <translation>Ar gofnod</translation>
    </message>
    <message>
        <location line="+2" />
        <source>{0} ({1}) {2} day(s) ago</source>
        <translation>{0} ({1}) {2} diwrnod yn ôl</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Flags</source>
        <translation>Baneri</translation>
    </message>
    <message>
        <location line="+2" />
        <source>{0} on the {1}</source>
        <translation>{0} ar y {1}</translation>
    </message>
    <message>
        <location line="+9" />
        <source>What the caller says first</source>
        <translation>Yr hyn y mae'r galwr yn ei ddweud gyntaf</translation>
    </message>
    <message>
        <location line="+6" />
        <source>What the caller says unasked (at any time)</source>
        <translation>Yr hyn y mae'r galwr yn ei ddweud heb i chi ofyn (ar unrhyw adeg)</translation>
    </message>
    <message>
        <location line="+5" />
        <source>The caller's reply to each question</source>
        <translation>Ateb y galwr i bob cwestiwn</translation>
    </message>
    <message>
        <location line="+2" />
        <source>The caller says: “{0}”</source>
        <translation>Mae'r galwr yn dweud: “{0}”</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The answer expected:</source>
        <translation>Yr ateb disgwyliedig:</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Any other question: the caller does not know (“I don't know, sorry”).</source>
        <translation>Unrhyw gwestiwn arall: nid yw'r galwr yn gwybod (“Dwi ddim yn gwybod, mae'n ddrwg gen i”).</translation>
    </message>
    <message>
        <location line="+3" />
        <source>The expected outcome</source>
        <translation>Y canlyniad disgwyliedig</translation>
    </message>
    <message>
        <location line="+4" />
        <source>at least {0}</source>
        <translation>o leiaf {0}</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Incident code</source>
        <translation>Cod digwyddiad</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Questions that must be asked</source>
        <translation>Cwestiynau y mae'n rhaid eu gofyn</translation>
    </message>
    <message>
        <location line="+2" />
        <source>none named</source>
        <translation>dim wedi'u henwi</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Risk level</source>
        <translation>Lefel risg</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Prompts to acknowledge</source>
        <translation>Anogwyr i'w cydnabod</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Grade</source>
        <translation>Gradd</translation>
    </message>
    <message>
        <location line="+3" />
        <source>RAG</source>
        <translation>RAG</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Referrals</source>
        <translation>Atgyfeiriadau</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Contact preference</source>
        <translation>Dull cysylltu dewisol</translation>
    </message>
    <message>
        <location line="+4" />
        <source>THRIVE</source>
        <translation>THRIVE</translation>
    </message>
    <message>
        <location line="+1" />
        <source>a rationale written under every heading</source>
        <translation>rhesymeg wedi'i hysgrifennu o dan bob pennawd</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Time target</source>
        <translation>Targed amser</translation>
    </message>
    <message>
        <location line="+1" />
        <source>{0} s</source>
        <translation>{0} e</translation>
    </message>
    <message>
        <location line="+33" />
        <source>{0}: trainer sheet {1}</source>
        <translation>{0}: taflen yr hyfforddwr {1}</translation>
    </message>
</context>
<context>
    <name>TrainerWindow</name>
    <message>
        <location filename="../../asbdesk/gui/training.py" line="+572" />
        <source>asbdesk — trainer's view: training results (not real calls)</source>
        <translation>asbdesk — golwg yr hyfforddwr: canlyniadau hyfforddiant (nid galwadau go iawn)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Trainer's view: training results (TRAINING — NOT REAL CALLS)</source>
        <translation>Golwg yr hyfforddwr: canlyniadau hyfforddiant (HYFFORDDIANT — NID GALWADAU GO IAWN)</translation>
    </message>
    <message>
        <location line="+3" />
        <location line="+10" />
        <source>Trainee</source>
        <translation>Hyfforddai</translation>
    </message>
    <message>
        <location line="-10" />
        <location line="+4" />
        <location line="+16" />
        <source>Attempts</source>
        <translation>Ymgeisiau</translation>
    </message>
    <message>
        <location line="-20" />
        <location line="+4" />
        <source>Average</source>
        <translation>Cyfartaledd</translation>
    </message>
    <message>
        <location line="-4" />
        <location line="+4" />
        <source>Best</source>
        <translation>Gorau</translation>
    </message>
    <message>
        <location line="-4" />
        <location line="+4" />
        <source>Last attempt</source>
        <translation>Ymgais olaf</translation>
    </message>
    <message>
        <location line="-3" />
        <source>Results by trainee</source>
        <translation>Canlyniadau fesul hyfforddai</translation>
    </message>
    <message>
        <location line="+3" />
        <location line="+7" />
        <source>Scenario</source>
        <translation>Senario</translation>
    </message>
    <message>
        <location line="-6" />
        <source>Results by scenario</source>
        <translation>Canlyniadau fesul senario</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Finished</source>
        <translation>Gorffennwyd</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Score</source>
        <translation>Sgôr</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+7" />
        <source>Missed</source>
        <translation>Methwyd</translation>
    </message>
    <message>
        <location line="-6" />
        <source>Time (s)</source>
        <translation>Amser (e)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Keys</source>
        <translation>Bysellau</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Every attempt, newest first</source>
        <translation>Pob ymgais, y diweddaraf yn gyntaf</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Item</source>
        <translation>Eitem</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Missed in</source>
        <translation>Methwyd mewn</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Items most often missed</source>
        <translation>Eitemau a fethwyd amlaf</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Training results (Alt+T, Alt+S, Alt+A, Alt+M)</source>
        <translation>Canlyniadau hyfforddiant (Alt+T, Alt+S, Alt+A, Alt+M)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>By &amp;trainee</source>
        <translation>Fesul hyfforddai (&amp;T)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>By &amp;scenario</source>
        <translation>Fesul &amp;senario</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Attempts</source>
        <translation>Ymgeisi&amp;au</translation>
    </message>
    <message>
        <location line="+1" />
        <source>&amp;Most missed</source>
        <translation>&amp;Methwyd amlaf</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Alt+T by trainee · Alt+S by scenario · Alt+A every attempt · Alt+M most missed · Ctrl+R read again · Ctrl+Shift+C export CSV · Ctrl+W close</source>
        <translation>Alt+T fesul hyfforddai · Alt+S fesul senario · Alt+A pob ymgais · Alt+M methwyd amlaf · Ctrl+R darllen eto · Ctrl+Shift+C allforio CSV · Ctrl+W cau</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Training</source>
        <translation>Hyfforddiant</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Read the results again</source>
        <translation>Darllen y canlyniadau eto</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Export every attempt as CSV</source>
        <translation>Allforio pob ymgais fel CSV</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Close</source>
        <translation>Cau</translation>
    </message>
    <message>
        <location line="+26" />
        <source>{0}% of attempts</source>
        <translation>{0}% o'r ymgeisiau</translation>
    </message>
    <message>
        <location line="+7" />
        <source>{0} attempt(s) recorded.</source>
        <translation>{0} ymgais wedi'u cofnodi.</translation>
    </message>
    <message>
        <location line="+27" />
        <source>The results were not exported: {0}</source>
        <translation>Ni chafodd y canlyniadau eu hallforio: {0}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Results exported to {0}</source>
        <translation>Canlyniadau wedi'u hallforio i {0}</translation>
    </message>
</context>
<context>
    <name>TrainingContext</name>
    <message>
        <location line="-602" />
        <source>asbdesk — {0}</source>
        <translation>asbdesk — {0}</translation>
    </message>
    <message>
        <location line="+6" />
        <source>{0}   ·   trainee {1}</source>
        <translation>{0}   ·   hyfforddai {1}</translation>
    </message>
    <message>
        <location line="+19" />
        <source>TRAINING</source>
        <translation>HYFFORDDIANT</translation>
    </message>
    <message>
        <location line="+7" />
        <source>{0}   ·   trainee {1}   ·   {2}: back to the scenarios</source>
        <translation>{0}   ·   hyfforddai {1}   ·   {2}: yn ôl i'r senarios</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Training</source>
        <translation>Hyfforddiant</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Back to the scenarios</source>
        <translation>Yn ôl i'r senarios</translation>
    </message>
    <message>
        <location line="+48" />
        <source>TRAINING: scored {0}%. Close the log (Esc) to see the scorecard.</source>
        <translation>HYFFORDDIANT: sgôr {0}%. Caewch y cofnod (Esc) i weld y cerdyn sgorio.</translation>
    </message>
    <message>
        <location line="+21" />
        <source>Result not recorded: {0}</source>
        <translation>Ni chafodd y canlyniad ei gofnodi: {0}</translation>
    </message>
    <message>
        <location line="+6" />
        <source>TRAINING: close the log (Esc) to see your scorecard.</source>
        <translation>HYFFORDDIANT: caewch y cofnod (Esc) i weld eich cerdyn sgorio.</translation>
    </message>
    <message>
        <location line="+37" />
        <source>{0} — leave the scenario?</source>
        <translation>{0} — gadael y senario?</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Leave this scenario for the list of scenarios? The call under way is not saved or scored, and the sandbox goes.

Enter: leave · Esc: stay</source>
        <translation>Gadael y senario hwn a mynd i'r rhestr o senarios? Ni fydd yr alwad sydd ar y gweill yn cael ei chadw na'i sgorio, a bydd y blwch tywod yn cael ei ddileu.

Enter: gadael · Esc: aros</translation>
    </message>
</context>
<context>
    <name>TrainingLine</name>
    <message>
        <location filename="../../asbdesk/gui/documents.py" line="-245" />
        <source>TRAINING — NOT A REAL CALL</source>
        <translation>HYFFORDDIANT — NID GALWAD GO IAWN</translation>
    </message>
</context>
<context>
    <name>TrainingRun</name>
    <message>
        <location filename="../../asbdesk/gui/training.py" line="+189" />
        <source>Cannot start the training desk: {0}</source>
        <translation>Methu dechrau'r ddesg hyfforddi: {0}</translation>
    </message>
    <message>
        <location line="+6" />
        <source>{0} — cannot start: {1}</source>
        <translation>{0} — methu dechrau: {1}</translation>
    </message>
    <message>
        <location line="+18" />
        <source>{0}: the caller's words are under the question. </source>
        <translation>{0}: mae geiriau'r galwr o dan y cwestiwn. </translation>
    </message>
    <message>
        <location line="+4" />
        <source>Ctrl+Shift+N for a walk-in, then find them.</source>
        <translation>Ctrl+Shift+N ar gyfer cyswllt wrth y cownter, yna chwiliwch amdanynt.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Ctrl+N to find them.</source>
        <translation>Ctrl+N i chwilio amdanynt.</translation>
    </message>
    <message>
        <location line="+2" />
        <source> {0}: back to the scenarios.</source>
        <translation> {0}: yn ôl i'r senarios.</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <location filename="../../asbdesk/gui/words.py" line="+32" />
        <source>vulnerable victim</source>
        <translation>dioddefwr agored i niwed</translation>
    </message>
    <message>
        <location line="+1" />
        <source>repeat victim</source>
        <translation>dioddefwr mynych</translation>
    </message>
    <message>
        <location line="+1" />
        <source>warning marker</source>
        <translation>marciwr rhybudd</translation>
    </message>
    <message>
        <location line="+1" />
        <source>location</source>
        <translation>lleoliad</translation>
    </message>
    <message>
        <location line="+3" />
        <source>caller</source>
        <translation>galwr</translation>
    </message>
    <message>
        <location line="+1" />
        <source>address</source>
        <translation>cyfeiriad</translation>
    </message>
    <message>
        <location line="+1" />
        <source>phone number</source>
        <translation>rhif ffôn</translation>
    </message>
    <message>
        <location line="+3" />
        <source>mandatory attendance</source>
        <translation>presenoldeb gorfodol</translation>
    </message>
    <message>
        <location line="+1" />
        <source>crime recording</source>
        <translation>cofnodi trosedd</translation>
    </message>
    <message>
        <location line="+1" />
        <source>case review</source>
        <translation>adolygiad achos</translation>
    </message>
    <message>
        <location line="+1" />
        <source>stalking screening</source>
        <translation>sgrinio stelcian</translation>
    </message>
    <message>
        <location line="+1" />
        <source>emergency</source>
        <translation>argyfwng</translation>
    </message>
    <message>
        <location line="+1" />
        <source>vulnerability</source>
        <translation>bod yn agored i niwed</translation>
    </message>
    <message>
        <location line="+1" />
        <source>safeguarding</source>
        <translation>diogelu</translation>
    </message>
    <message>
        <location line="+1" />
        <source>repeat</source>
        <translation>mynych</translation>
    </message>
    <message>
        <location line="+1" />
        <source>information</source>
        <translation>gwybodaeth</translation>
    </message>
    <message>
        <location line="+1" />
        <source>consent</source>
        <translation>caniatâd</translation>
    </message>
    <message>
        <location line="+31" />
        <source>{0} incident known; this pack has no repeat rule</source>
        <translation>{0} digwyddiad yn hysbys; nid oes gan y pecyn hwn reol digwyddiadau mynych</translation>
    </message>
    <message>
        <location line="+1" />
        <source>{0} incidents known; this pack has no repeat rule</source>
        <translation>{0} digwyddiad yn hysbys; nid oes gan y pecyn hwn reol digwyddiadau mynych</translation>
    </message>
    <message>
        <location line="+4" />
        <source>1 incident in the last {0} days, this one included (0 before it)</source>
        <translation>1 digwyddiad yn ystod y {0} diwrnod diwethaf, gan gynnwys hwn (0 cyn hwn)</translation>
    </message>
    <message>
        <location line="+4" />
        <source>{0} incidents in the last {1} days, this one included ({2} before it)</source>
        <translation>{0} digwyddiad yn ystod y {1} diwrnod diwethaf, gan gynnwys hwn ({2} cyn hwn)</translation>
    </message>
    <message>
        <location line="+5" />
        <source>{0}: not a {1} ({2} or more make a {1})</source>
        <translation>{0}: nid yw'n {1} ({2} neu fwy sy'n gwneud {1})</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Flag requests</source>
        <translation>Ceisiadau am faner</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Flag reviews due</source>
        <translation>Adolygiadau baner yn ddyledus</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Overrides</source>
        <translation>Diystyru</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Re-contacts</source>
        <translation>Ailgysylltu</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Occurrences</source>
        <translation>Achosion</translation>
    </message>
    <message>
        <location line="+3" />
        <source>overdue</source>
        <translation>hwyr</translation>
    </message>
    <message>
        <location line="+1" />
        <source>due within 7 days</source>
        <translation>yn ddyledus o fewn 7 diwrnod</translation>
    </message>
    <message>
        <location line="+1" />
        <source>due later</source>
        <translation>yn ddyledus yn nes ymlaen</translation>
    </message>
    <message>
        <location line="+3" />
        <source>The appropriate level of response has been given to the incident</source>
        <translation>Rhoddwyd y lefel briodol o ymateb i'r digwyddiad</translation>
    </message>
    <message>
        <location line="+3" />
        <source>All recontact has been completed as requested</source>
        <translation>Mae pob ailgysylltu wedi'i gwblhau fel y gofynnwyd</translation>
    </message>
    <message>
        <location line="+1" />
        <source>A non-crime occurrence was created for a red or amber incident</source>
        <translation>Crëwyd achos nad yw'n drosedd ar gyfer digwyddiad coch neu ambr</translation>
    </message>
    <message>
        <location line="+1" />
        <source>A crime was recorded where a crime-recording prompt fired</source>
        <translation>Cofnodwyd trosedd lle cododd anogwr cofnodi trosedd</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The risk assessment was retained</source>
        <translation>Cadwyd yr asesiad risg</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The THRIVE rationale was recorded (threat, harm, risk, investigation, vulnerability, engagement)</source>
        <translation>Cofnodwyd y rhesymeg THRIVE (bygythiad, niwed, risg, ymchwiliad, bod yn agored i niwed, ymgysylltu)</translation>
    </message>
    <message>
        <location line="+6" />
        <source>ring back</source>
        <translation>galw'n ôl</translation>
    </message>
    <message>
        <location line="+1" />
        <source>e-mail</source>
        <translation>e-bost</translation>
    </message>
    <message>
        <location line="+3" />
        <source>no answer</source>
        <translation>dim ateb</translation>
    </message>
    <message>
        <location line="+1" />
        <source>left voicemail</source>
        <translation>neges llais wedi'i gadael</translation>
    </message>
    <message>
        <location line="+1" />
        <source>wrong number</source>
        <translation>rhif anghywir</translation>
    </message>
    <message>
        <location line="+1" />
        <source>e-mail sent</source>
        <translation>e-bost wedi'i anfon</translation>
    </message>
    <message>
        <location line="+1" />
        <source>e-mail bounced</source>
        <translation>e-bost wedi dod yn ôl</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+3" />
        <source>reached</source>
        <translation>wedi cael gafael ar y galwr</translation>
    </message>
    <message>
        <location line="+1" />
        <source>not reached</source>
        <translation>heb gael gafael ar y galwr</translation>
    </message>
    <message>
        <location line="+1" />
        <source>declined</source>
        <translation>y galwr wedi gwrthod</translation>
    </message>
    <message>
        <location line="+1" />
        <source>agreed</source>
        <translation>cytunwyd</translation>
    </message>
    <message>
        <location line="+1" />
        <source>disagreed</source>
        <translation>anghytunwyd</translation>
    </message>
    <message>
        <location line="+1" />
        <source>recorded</source>
        <translation>wedi'i gofnodi</translation>
    </message>
    <message>
        <location line="+3" />
        <source>red</source>
        <translation>coch</translation>
    </message>
    <message>
        <location line="+1" />
        <source>amber</source>
        <translation>ambr</translation>
    </message>
    <message>
        <location line="+1" />
        <source>green</source>
        <translation>gwyrdd</translation>
    </message>
    <message>
        <location line="+3" />
        <source>risk level</source>
        <translation>lefel risg</translation>
    </message>
    <message>
        <location line="+1" />
        <source>grade</source>
        <translation>gradd</translation>
    </message>
    <message>
        <location line="+4" />
        <source>requested</source>
        <translation>cais wedi'i wneud</translation>
    </message>
    <message>
        <location line="+1" />
        <source>active</source>
        <translation>gweithredol</translation>
    </message>
    <message>
        <location line="+1" />
        <source>rejected</source>
        <translation>wedi'i gwrthod</translation>
    </message>
    <message>
        <location line="+1" />
        <source>removed</source>
        <translation>wedi'i thynnu</translation>
    </message>
    <message>
        <location line="+1" />
        <source>authorised</source>
        <translation>wedi awdurdodi</translation>
    </message>
    <message>
        <location line="+1" />
        <source>refused</source>
        <translation>wedi gwrthod</translation>
    </message>
    <message>
        <location line="+1" />
        <source>reviewed</source>
        <translation>wedi adolygu</translation>
    </message>
    <message>
        <location line="+1" />
        <source>undone</source>
        <translation>wedi dadwneud</translation>
    </message>
    <message>
        <location line="+51" />
        <source>{0} flag on {1} {2}</source>
        <translation>baner {0} ar y {1} {2}</translation>
    </message>
    <message>
        <location line="+7" />
        <source>{0} {1}</source>
        <translation>{0} {1}</translation>
    </message>
    <message>
        <location line="+16" />
        <source>{0}, requested by {1}</source>
        <translation>{0}, cais gan {1}</translation>
    </message>
    <message>
        <location line="+3" />
        <source>{0}: monthly review due today</source>
        <translation>{0}: adolygiad misol yn ddyledus heddiw</translation>
    </message>
    <message>
        <location line="+2" />
        <source>{0}: monthly review overdue by 1 day</source>
        <translation>{0}: adolygiad misol 1 diwrnod yn hwyr</translation>
    </message>
    <message>
        <location line="+1" />
        <source>{0}: monthly review overdue by {1} days</source>
        <translation>{0}: adolygiad misol {1} diwrnod yn hwyr</translation>
    </message>
    <message>
        <location line="+2" />
        <source>{0} set to {1} by {2}: {3}</source>
        <translation>{0} wedi'i gosod i {1} gan {2}: {3}</translation>
    </message>
    <message>
        <location line="+5" />
        <source>allocated to {0}</source>
        <translation>wedi'i neilltuo i {0}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>not allocated</source>
        <translation>heb ei neilltuo</translation>
    </message>
    <message>
        <location line="+4" />
        <source>{0}, 1 attempt</source>
        <translation>{0}, 1 ymgais</translation>
    </message>
    <message>
        <location line="+2" />
        <source>{0}, {1} attempts</source>
        <translation>{0}, {1} ymgais</translation>
    </message>
    <message>
        <location line="+3" />
        <source>no number, e-mail or address on record</source>
        <translation>dim rhif, e-bost na chyfeiriad ar gofnod</translation>
    </message>
    <message>
        <location line="+1" />
        <source>{0} for {1} ({2}), {3}: {4}</source>
        <translation>{0} ar gyfer {1} ({2}), {3}: {4}</translation>
    </message>
    <message>
        <location line="+7" />
        <source>{0} {1} ({2}) taken by {3}: no occurrence recorded</source>
        <translation>{0} {1} ({2}) wedi'i gymryd gan {3}: dim achos wedi'i gofnodi</translation>
    </message>
    <message>
        <location line="+15" />
        <source>authorised flag {0} ({1})</source>
        <translation>awdurdodwyd baner {0} ({1})</translation>
    </message>
    <message>
        <location line="+2" />
        <source>refused flag {0} ({1})</source>
        <translation>gwrthodwyd baner {0} ({1})</translation>
    </message>
    <message>
        <location line="+2" />
        <source>maintained flag {0} ({1})</source>
        <translation>cynhaliwyd baner {0} ({1})</translation>
    </message>
    <message>
        <location line="+2" />
        <source>removed flag {0} ({1})</source>
        <translation>tynnwyd baner {0} ({1})</translation>
    </message>
    <message>
        <location line="+3" />
        <source>allocated the re-contact on {0} to {1}</source>
        <translation>neilltuwyd yr ailgysylltu ar {0} i {1}</translation>
    </message>
    <message>
        <location line="+4" />
        <source>recorded occurrence {0} for {1}</source>
        <translation>cofnodwyd achos {0} ar gyfer {1}</translation>
    </message>
    <message>
        <location line="+10" />
        <source>flag {0} was changed at another desk while you decided it</source>
        <translation>newidiwyd baner {0} wrth ddesg arall tra oeddech yn penderfynu arni</translation>
    </message>
    <message>
        <location filename="../../asbdesk/gui/supervisor.py" line="-1355" />
        <location filename="../../asbdesk/gui/words.py" line="-43" />
        <source>caller not identified</source>
        <translation>galwr heb ei adnabod</translation>
    </message>
</context>
<context>
    <name>sampling</name>
    <message>
        <location filename="../../asbdesk/gui/sampling.py" line="-947" />
        <source> on {0}</source>
        <translation> ar {0}</translation>
    </message>
    <message>
        <location line="+12" />
        <source>The caller asked for {0}: asbdesk allocates no re-contact for it</source>
        <translation>Gofynnodd y galwr am {0}: nid yw asbdesk yn neilltuo ailgysylltu ar gyfer hyn</translation>
    </message>
    <message>
        <location line="+3" />
        <source>No further contact was asked for (likely not applicable)</source>
        <translation>Ni ofynnwyd am gyswllt pellach (amherthnasol, mae'n debyg)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The caller asked for {0}</source>
        <translation>Gofynnodd y galwr am {0}</translation>
    </message>
    <message>
        <location line="+3" />
        <source>further contact</source>
        <translation>gyswllt pellach</translation>
    </message>
    <message>
        <location line="+4" />
        <source>{0}: not allocated yet (it waits in the re-contacts queue)</source>
        <translation>{0}: heb ei neilltuo eto (mae'n aros yn y ciw ailgysylltu)</translation>
    </message>
    <message>
        <location line="+3" />
        <source>{0}: allocated to {1}, no outcome recorded yet</source>
        <translation>{0}: wedi'i neilltuo i {1}, dim canlyniad wedi'i gofnodi eto</translation>
    </message>
    <message>
        <location line="+6" />
        <source>closed</source>
        <translation>wedi'i gau</translation>
    </message>
    <message>
        <location line="+2" />
        <source>, the letter sent</source>
        <translation>, y llythyr wedi'i anfon</translation>
    </message>
    <message>
        <location line="+1" />
        <source>{0}: {1}{2} (recorded by {3}{4})</source>
        <translation>{0}: {1}{2} (cofnodwyd gan {3}{4})</translation>
    </message>
    <message>
        <location line="+8" />
        <source>{0}: no occurrence is required (likely not applicable)</source>
        <translation>{0}: nid oes angen achos (amherthnasol, mae'n debyg)</translation>
    </message>
    <message>
        <location line="+5" />
        <source>{0}: an occurrence is required; asbdesk holds no record of one</source>
        <translation>{0}: mae angen achos; nid oes gan asbdesk gofnod o un</translation>
    </message>
    <message>
        <location line="+4" />
        <source>{0}: an occurrence is required; none recorded yet (it waits in the occurrences queue)</source>
        <translation>{0}: mae angen achos; dim un wedi'i gofnodi eto (mae'n aros yn y ciw achosion)</translation>
    </message>
    <message>
        <location line="+3" />
        <source>{0}: occurrence {1} recorded by {2}{3}</source>
        <translation>{0}: achos {1} wedi'i gofnodi gan {2}{3}</translation>
    </message>
    <message>
        <location line="+8" />
        <source>THRIVE present: written under all {0} headings</source>
        <translation>THRIVE yn bresennol: wedi'i ysgrifennu o dan bob un o'r {0} pennawd</translation>
    </message>
    <message>
        <location line="+2" />
        <source>THRIVE absent: nothing written under any of the {0} headings</source>
        <translation>THRIVE yn absennol: dim wedi'i ysgrifennu o dan unrhyw un o'r {0} pennawd</translation>
    </message>
    <message>
        <location line="+4" />
        <source>THRIVE written under {0} of {1} headings ({2}); missing: {3}</source>
        <translation>THRIVE wedi'i ysgrifennu o dan {0} o {1} pennawd ({2}); ar goll: {3}</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Rated {0}: was the response right for that?</source>
        <translation>RAG {0}: a oedd yr ymateb yn iawn ar gyfer hynny?</translation>
    </message>
    <message>
        <location line="+6" />
        <source>A crime-recording prompt fired on this call</source>
        <translation>Cafodd anogwr cofnodi trosedd ei ddangos ar yr alwad hon</translation>
    </message>
    <message>
        <location line="+2" />
        <source>No crime-recording prompt fired (likely not applicable)</source>
        <translation>Ni chafodd unrhyw anogwr cofnodi trosedd ei ddangos (amherthnasol, mae'n debyg)</translation>
    </message>
    <message>
        <location line="+4" />
        <source>{0} (the {1} pack asks for THRIVE)</source>
        <translation>{0} (mae'r pecyn {1} yn gofyn am THRIVE)</translation>
    </message>
</context>
<context>
    <name>signoff</name>
    <message>
        <location filename="../../asbdesk/gui/signoff.py" line="+40" />
        <source>I have read every item of this policy pack as set out in this document, including each item marked as asbdesk's own wording, mapping or reading, and I sign it off for use. The pack is identified by its id, version and sha256 hash above: every log made with it records the same.</source>
        <translation>Rwyf wedi darllen pob eitem yn y pecyn polisi hwn fel y'i nodir yn y ddogfen hon, gan gynnwys pob eitem a farciwyd fel geiriad, mapio neu ddehongliad asbdesk ei hun, ac rwyf yn ei gymeradwyo i'w ddefnyddio. Caiff y pecyn ei adnabod gan ei id, ei fersiwn a'i stwnsh sha256 uchod: mae pob cofnod a wneir gydag ef yn cofnodi'r un peth.</translation>
    </message>
    <message>
        <location line="+63" />
        <source>Source: {0}</source>
        <translation>Ffynhonnell: {0}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Source: as {0}, above</source>
        <translation>Ffynhonnell: fel {0}, uchod</translation>
    </message>
    <message>
        <location line="+19" />
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Version</source>
        <translation>Fersiwn</translation>
    </message>
    <message>
        <location line="+2" />
        <source>sha256 hash</source>
        <translation>Stwnsh sha256</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Read from</source>
        <translation>Darllenwyd o</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Produced</source>
        <translation>Cynhyrchwyd</translation>
    </message>
    <message>
        <location line="+2" />
        <source>{0} at {1:%H:%M} by asbdesk {2}</source>
        <translation>{0} am {1:%H:%M} gan asbdesk {2}</translation>
    </message>
    <message>
        <location line="+16" />
        <source>Name</source>
        <translation>Enw</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Role</source>
        <translation>Rôl</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Signature</source>
        <translation>Llofnod</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Date</source>
        <translation>Dyddiad</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Policy pack sign-off</source>
        <translation>Cymeradwyo'r pecyn polisi</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Sign-off</source>
        <translation>Cymeradwyo</translation>
    </message>
    <message>
        <location line="+1" />
        <source>How to read it</source>
        <translation>Sut i'w ddarllen</translation>
    </message>
    <message>
        <location line="+10" />
        <source>&lt;p&gt;Every item of the pack follows, part by part, each with its source (the seed and section it comes from). The wording of questions, options and prompts is the pack's own, exactly as the call handler sees it; help written line by line keeps its lines. &lt;b&gt;{0}&lt;/b&gt; as asbdesk's own, not taken word for word from a seed:&lt;/p&gt;</source>
        <translation>&lt;p&gt;Mae pob eitem yn y pecyn yn dilyn, fesul rhan, pob un gyda'i ffynhonnell (y ddogfen hadu a'r adran y daw ohoni). Geiriad y pecyn ei hun yw geiriad y cwestiynau, y dewisiadau a'r anogwyr, yn union fel y mae'r triniwr galwadau yn ei weld; mae cymorth a ysgrifennwyd fesul llinell yn cadw ei linellau. &lt;b&gt;{0}&lt;/b&gt; fel geiriad asbdesk ei hun, heb ei gymryd air am air o ddogfen hadu:&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+5" />
        <source>{0} item is marked</source>
        <translation>{0} eitem wedi'i marcio</translation>
    </message>
    <message>
        <location line="+2" />
        <source>{0} items are marked</source>
        <translation>{0} eitem wedi'u marcio</translation>
    </message>
    <message>
        <location line="+4" />
        <source>&lt;p&gt;&lt;small&gt;The rule: an item is marked when it is the national layer's (the rules every force inherits, worded by asbdesk), when its source, its own words or a comment written on it in the pack say it is asbdesk's wording, mapping or reading, or when its source cites no seed.&lt;/small&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;small&gt;Y rheol: caiff eitem ei marcio pan fydd yn perthyn i'r haen genedlaethol (y rheolau y mae pob heddlu yn eu hetifeddu, wedi'u geirio gan asbdesk), pan fydd ei ffynhonnell, ei geiriau ei hun neu sylw a ysgrifennwyd arni yn y pecyn yn dweud mai geiriad, mapio neu ddehongliad asbdesk ydyw, neu pan nad yw ei ffynhonnell yn dyfynnu unrhyw ddogfen hadu.&lt;/small&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+12" />
        <source>The pack, item by item</source>
        <translation>Y pecyn, fesul eitem</translation>
    </message>
    <message>
        <location line="+21" />
        <source>Sign-off: policy pack {0} {1}</source>
        <translation>Cymeradwyo: pecyn polisi {0} {1}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Policy pack {0} version {1} · sha256 {2}… · page {3} of {4}</source>
        <translation>Pecyn polisi {0} fersiwn {1} · sha256 {2}… · tudalen {3} o {4}</translation>
    </message>
</context>
<context>
    <name>supervisor</name>
    <message>
        <location filename="../../asbdesk/gui/supervisor.py" line="-275" />
        <source>requested {0}</source>
        <translation>gwnaed cais {0}</translation>
    </message>
    <message>
        <location line="+97" />
        <source>yes</source>
        <translation>ie</translation>
    </message>
    <message>
        <location line="+2" />
        <source>no</source>
        <translation>na</translation>
    </message>
    <message>
        <location line="+24" />
        <source>kind</source>
        <translation>math</translation>
    </message>
    <message>
        <location line="+1" />
        <source>status</source>
        <translation>statws</translation>
    </message>
    <message>
        <location line="+1" />
        <source>review due</source>
        <translation>adolygiad yn ddyledus</translation>
    </message>
    <message>
        <location line="+1" />
        <source>reason</source>
        <translation>rheswm</translation>
    </message>
    <message>
        <location line="+1" />
        <source>note</source>
        <translation>nodyn</translation>
    </message>
    <message>
        <location line="+1" />
        <source>undid</source>
        <translation>dadwnaeth</translation>
    </message>
    <message>
        <location line="+1" />
        <source>field</source>
        <translation>maes</translation>
    </message>
    <message>
        <location line="+1" />
        <source>rag</source>
        <translation>RAG</translation>
    </message>
    <message>
        <location line="+30" />
        <source>Flag {0}: {1} on the {2}, {3}</source>
        <translation>Baner {0}: {1} ar y {2}, {3}</translation>
    </message>
    <message>
        <location line="+6" />
        <source>  Requested by:          {0} at {1}</source>
        <translation>  Cais gan:                  {0} am {1}</translation>
    </message>
    <message>
        <location line="+3" />
        <source>  To negate risk:        {0}</source>
        <translation>  I negyddu risg:            {0}</translation>
    </message>
    <message>
        <location line="+3" />
        <source>  Officer action:        {0}</source>
        <translation>  Camau i'r swyddog:         {0}</translation>
    </message>
    <message>
        <location line="+3" />
        <source>  Who must be informed:  {0}</source>
        <translation>  Pwy sydd i'w hysbysu:      {0}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>  Linked references:     {0}</source>
        <translation>  Cyfeirnodau cysylltiedig:  {0}</translation>
    </message>
    <message>
        <location line="+6" />
        <source>  Necessity:             {0}</source>
        <translation>  Angen:                     {0}</translation>
    </message>
    <message>
        <location line="+4" />
        <source>  Authorised by:         {0}</source>
        <translation>  Awdurdodwyd gan:           {0}</translation>
    </message>
    <message>
        <location line="+4" />
        <source>  Review due:            {0}</source>
        <translation>  Adolygiad yn ddyledus:     {0}</translation>
    </message>
    <message>
        <location line="+6" />
        <source>History</source>
        <translation>Hanes</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Allocated to: {0}</source>
        <translation>Wedi'i neilltuo i: {0}</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Details: {0}</source>
        <translation>Manylion: {0}</translation>
    </message>
    <message>
        <location line="+5" />
        <source>No contact is linked to this flag.</source>
        <translation>Nid oes cyswllt wedi'i gysylltu â'r faner hon.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Contact {0}</source>
        <translation>Cyswllt {0}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>  Taken by:              {0} at {1}</source>
        <translation>  Derbyniwyd gan:            {0} am {1}</translation>
    </message>
    <message>
        <location line="+3" />
        <source>  Incident code:         {0}</source>
        <translation>  Cod digwyddiad:            {0}</translation>
    </message>
    <message>
        <location line="+3" />
        <source>  Risk level:            {0}</source>
        <translation>  Lefel risg:                {0}</translation>
    </message>
    <message>
        <location line="+3" />
        <source>  Grade:                 {0}</source>
        <translation>  Gradd:                     {0}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>  RAG:                   {0}</source>
        <translation>  RAG:                       {0}</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Override of the {0}</source>
        <translation>Diystyru'r {0}</translation>
    </message>
    <message>
        <location line="+3" />
        <source>  Computed:              {0}</source>
        <translation>  Wedi'i gyfrifo:            {0}</translation>
    </message>
    <message>
        <location line="+3" />
        <source>  Chosen:                {0}</source>
        <translation>  Wedi'i ddewis:             {0}</translation>
    </message>
    <message>
        <location line="+3" />
        <source>  Operator's reason:     {0}</source>
        <translation>  Rheswm y gweithredwr:      {0}</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Answers</source>
        <translation>Atebion</translation>
    </message>
    <message>
        <location line="+2" />
        <source>  none recorded</source>
        <translation>  dim wedi'u cofnodi</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Log</source>
        <translation>Cofnod</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Re-contact by {0}</source>
        <translation>Ailgysylltu drwy {0}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>  Caller:                {0}</source>
        <translation>  Galwr:                     {0}</translation>
    </message>
    <message>
        <location line="+5" />
        <source>  Phone:                 {0}</source>
        <translation>  Ffôn:                      {0}</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+12" />
        <source>none on record</source>
        <translation>dim ar gofnod</translation>
    </message>
    <message>
        <location line="-7" />
        <source>  Other numbers:         {0}</source>
        <translation>  Rhifau eraill:             {0}</translation>
    </message>
    <message>
        <location line="+3" />
        <source>  E-mail:                {0}</source>
        <translation>  E-bost:                    {0}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>none given</source>
        <translation>dim wedi'i roi</translation>
    </message>
    <message>
        <location line="+2" />
        <source>  Address:               {0}</source>
        <translation>  Cyfeiriad:                 {0}</translation>
    </message>
    <message>
        <location line="+3" />
        <source>  Allocated to:          {0}</source>
        <translation>  Wedi'i neilltuo i:         {0}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>not allocated (Ctrl+L)</source>
        <translation>heb ei neilltuo (Ctrl+L)</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Attempts, in the order made</source>
        <translation>Ymgeisiau, yn y drefn y'u gwnaed</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Attempts: none recorded yet (Ctrl+T records one)</source>
        <translation>Ymgeisiau: dim wedi'u cofnodi eto (Ctrl+T i gofnodi un)</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Outcome: {0}</source>
        <translation>Canlyniad: {0}</translation>
    </message>
    <message>
        <location line="+8" />
        <source>  Letter for posting: {0}</source>
        <translation>  Llythyr i'w bostio: {0}</translation>
    </message>
    <message>
        <location line="+236" />
        <source>flag {0}</source>
        <translation>baner {0}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>item {0}</source>
        <translation>eitem {0}</translation>
    </message>
</context>
<context>
    <name>supervisor_flags</name>
    <message>
        <location filename="../../asbdesk/gui/supervisor_flags.py" line="+24" />
        <source>Active flag {0}: {1}</source>
        <translation>Baner weithredol {0}: {1}</translation>
    </message>
</context>
<context>
    <name>tasks</name>
    <message>
        <location filename="../../asbdesk/gui/tasks.py" line="+60" />
        <source>Something went wrong in asbdesk (the details are in the log). Nothing entered is lost.</source>
        <translation>Aeth rhywbeth o'i le yn asbdesk (mae'r manylion yng nghofnod y rhaglen). Nid oes dim a roddwyd i mewn wedi'i golli.</translation>
    </message>
</context>
<context>
    <name>training</name>
    <message>
        <location filename="../../asbdesk/gui/training.py" line="-934" />
        <source>nothing</source>
        <translation>dim</translation>
    </message>
    <message>
        <location line="+2" />
        <location line="+38" />
        <location line="+996" />
        <source>none</source>
        <translation>dim</translation>
    </message>
    <message>
        <location line="-998" />
        <source>{0}: none</source>
        <translation>{0}: dim</translation>
    </message>
</context>
</TS>