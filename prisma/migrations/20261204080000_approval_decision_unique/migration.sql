-- A first approver may withdraw by rejecting the plan they approved: the audit keeps both
-- decisions, so the key includes the decision (an activity retry still finds its own row).
DROP INDEX "Approval_situationId_userId_planHash_key";
CREATE UNIQUE INDEX "Approval_situationId_userId_planHash_decision_key" ON "Approval"("situationId", "userId", "planHash", "decision");
